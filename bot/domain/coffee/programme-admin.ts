import { z } from 'zod';
import type { Programmes, Rounds } from './ports';
import type { Clock } from '../clock';
import type { Person } from '../person';
import { roundStats } from './follow-up';
import { isOrganiser, isPaused } from './membership';
import { CADENCES, type Member, type Programme, type ProgrammeSettings, type Round } from './model';
import { isValidTimeZone, nextRoundAt } from './schedule';
import { MIN_PEOPLE_FOR_STATS } from '../aggregates';
import { LOCALES } from '../language';
import { type Problem, problemsOf } from '../problems';

/** The use cases behind the tab: settings, pause until a date, blocks, my status, aggregate stats. */
export type AdminDeps = { programmes: Programmes; rounds: Rounds; clock: Clock };

// The floor lives with every other aggregate's; coffee's callers keep reading it from here.
export { MIN_PEOPLE_FOR_STATS } from '../aggregates';

/** What can be wrong with coffee settings, as message ids the tab API says in the reader's language. */
export const SETTINGS_PROBLEMS = { 'timeZone.unknown': {} } as const satisfies Record<string, Record<string, number>>;
export type SettingsProblemId = keyof typeof SETTINGS_PROBLEMS;
export type SettingsProblem = Problem<SettingsProblemId>;

/** The tab offers only valid choices: anything else is a field "not valid", said by the caller in the reader's language. */
export const settingsSchema = z.object({
  enabled: z.boolean(),
  cadence: z.enum(CADENCES),
  weekday: z.number().int().min(1).max(7),
  hour: z.number().int().min(0).max(23),
  timeZone: z
    .string()
    .min(1)
    .max(100)
    .refine(isValidTimeZone, { message: 'timeZone.unknown' satisfies SettingsProblemId }),
  groupSize: z.union([z.literal(2), z.literal(3)]),
  meetingMinutes: z.union([z.literal(15), z.literal(20), z.literal(30)]),
  includeGuests: z.boolean(),
  /** What the whole team sees is in this language; unset, the installer's. */
  language: z.enum(LOCALES).optional(),
});

export type SettingsResult =
  | { kind: 'updated'; settings: ProgrammeSettings; nextRoundAt?: Date }
  | { kind: 'not-organiser' }
  | { kind: 'invalid'; problems: SettingsProblem[] };

/** Organisers change the schedule and shape of rounds; the next round moves with the schedule. */
export async function updateSettings(deps: AdminDeps, input: { programme: Programme; person: Person; settings: unknown }): Promise<SettingsResult> {
  if (!isOrganiser(input.programme, input.person)) return { kind: 'not-organiser' };
  const parsed = settingsSchema.safeParse(input.settings);
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error, SETTINGS_PROBLEMS) };
  const settings = parsed.data as ProgrammeSettings;
  const next = settings.enabled ? nextRoundAt(settings, deps.clock.now()) : undefined;
  await deps.programmes.updateSettings(input.programme.id, settings, next);
  return { kind: 'updated', settings, nextRoundAt: next };
}

export type PauseUntilResult = { kind: 'paused'; until: Date } | { kind: 'invalid-date' } | { kind: 'not-member' };

/** Pause until a chosen day (the tab's date picker); at most a year ahead. */
export async function pauseUntil(deps: AdminDeps, input: { programme: Programme; userId: string; until: Date }): Promise<PauseUntilResult> {
  const now = deps.clock.now().getTime();
  const until = input.until.getTime();
  if (Number.isNaN(until) || until <= now || until > now + 366 * 24 * 60 * 60 * 1000) return { kind: 'invalid-date' };
  const member = await deps.programmes.getMember(input.programme.id, input.userId);
  if (member?.status !== 'active') return { kind: 'not-member' };
  await deps.programmes.saveMember({ ...member, pausedUntil: input.until });
  return { kind: 'paused', until: input.until };
}

export type BlockResult = { kind: 'blocked' } | { kind: 'self' } | { kind: 'not-member' };

/** A private "don't pair me with": never shown to the other person, never paired again. */
export async function block(deps: AdminDeps, input: { programme: Programme; userId: string; blockedUserId: string }): Promise<BlockResult> {
  if (input.userId === input.blockedUserId) return { kind: 'self' };
  const member = await deps.programmes.getMember(input.programme.id, input.userId);
  if (!member) return { kind: 'not-member' };
  await deps.programmes.addBlock(input.programme.id, input.userId, input.blockedUserId);
  return { kind: 'blocked' };
}

export type MyStatus = {
  status: 'not-member' | 'active' | 'paused';
  pausedUntil?: Date;
  nextRoundAt?: Date;
  match?: { round: number; partners: { userId: string; name: string; upn?: string }[]; captain: string };
  member?: Member;
};

export async function myStatus(deps: AdminDeps, input: { programme: Programme; userId: string }): Promise<MyStatus> {
  const member = await deps.programmes.getMember(input.programme.id, input.userId);
  const nextRound = input.programme.settings.enabled ? input.programme.nextRoundAt : undefined;
  if (member?.status !== 'active') return { status: 'not-member', nextRoundAt: nextRound };
  const paused = isPaused(member, deps.clock.now());
  const latest = await deps.rounds.latest(input.programme.id);
  const group = latest && latest.status !== 'closed' ? latest.groups.find((g) => g.members.includes(input.userId)) : undefined;
  let match: MyStatus['match'];
  if (latest && group) {
    const partners = await Promise.all(
      group.members
        .filter((id) => id !== input.userId)
        .map(async (id) => {
          const m = await deps.programmes.getMember(input.programme.id, id);
          return { userId: id, name: m?.name ?? 'a teammate', upn: m?.upn };
        }),
    );
    match = { round: latest.seq, partners, captain: group.captain };
  }
  return {
    status: paused ? 'paused' : 'active',
    pausedUntil: paused ? member.pausedUntil : undefined,
    nextRoundAt: nextRound,
    match,
    member,
  };
}

export type ProgrammeStats =
  | { kind: 'too-few'; minimum: number }
  | {
      kind: 'stats';
      members: number;
      active: number;
      paused: number;
      rounds: number;
      lastRound?: { seq: number; groups: number; met: number; planned: number };
    };

/** Aggregates for organisers, only over at least five people; never anything about one person. */
export async function programmeStats(deps: AdminDeps, input: { programme: Programme }): Promise<ProgrammeStats> {
  const now = deps.clock.now();
  const members = (await deps.programmes.members(input.programme.id)).filter((m) => m.status === 'active');
  if (members.length < MIN_PEOPLE_FOR_STATS) return { kind: 'too-few', minimum: MIN_PEOPLE_FOR_STATS };
  const paused = members.filter((m) => isPaused(m, now)).length;
  const latest = await deps.rounds.latest(input.programme.id);
  return {
    kind: 'stats',
    members: members.length,
    active: members.length - paused,
    paused,
    rounds: input.programme.roundSeq,
    lastRound: latest ? lastRoundStats(latest, await deps.rounds.answers(latest.id)) : undefined,
  };
}

function lastRoundStats(round: Round, answers: Awaited<ReturnType<Rounds['answers']>>) {
  const stats = roundStats(round, answers);
  return { seq: round.seq, groups: stats.groups, met: stats.met, planned: stats.planned };
}
