import type { Locale } from '../language';
import type { Programmes } from './ports';
import type { Clock } from '../clock';
import type { Person } from '../person';
import { DEFAULT_PROGRAMME_SETTINGS, type Member, type Programme } from './model';
import { isValidTimeZone, nextRoundAt } from './schedule';

export type MembershipDeps = { programmes: Programmes; clock: Clock };

export const MAX_PAUSE_WEEKS = 52;

/** The programme a team or group chat starts with: default settings, its first organiser. */
export function newProgramme(input: { id: string; tenantId: string; name?: string; reference: unknown; organiser?: string }, now: Date): Programme {
  return {
    id: input.id,
    tenantId: input.tenantId,
    name: input.name,
    reference: input.reference,
    organisers: input.organiser ? [input.organiser] : [],
    settings: DEFAULT_PROGRAMME_SETTINGS,
    roundSeq: 0,
    nextRoundAt: nextRoundAt(DEFAULT_PROGRAMME_SETTINGS, now),
    createdAt: now,
  };
}

/** The programme of a team or group chat, created on first use with its first organiser. */
export async function programmeFor(
  deps: MembershipDeps,
  input: { id: string; tenantId: string; name?: string; reference: unknown; organiser?: string },
): Promise<Programme> {
  const { programme } = await deps.programmes.ensure(newProgramme(input, deps.clock.now()));
  return programme;
}

/** Organisers are identified by their directory object id, which the tab's sign-in also yields. */
export function isOrganiser(programme: Programme, person: Person): boolean {
  return Boolean(person.aadObjectId && programme.organisers.includes(person.aadObjectId));
}

export type JoinResult = { kind: 'joined' | 'rejoined' | 'already-member'; member: Member };

export async function join(deps: MembershipDeps, input: { programme: Programme; person: Person; timeZone?: string; locale?: Locale }): Promise<JoinResult> {
  const existing = await deps.programmes.getMember(input.programme.id, input.person.userId);
  if (existing?.status === 'active') return { kind: 'already-member', member: existing };
  const timeZone = input.timeZone && isValidTimeZone(input.timeZone) ? input.timeZone : existing?.timeZone;
  const member: Member = {
    programmeId: input.programme.id,
    userId: input.person.userId,
    aadObjectId: input.person.aadObjectId,
    name: input.person.name,
    upn: existing?.upn,
    status: 'active',
    timeZone,
    workStartHour: existing?.workStartHour,
    workEndHour: existing?.workEndHour,
    silentRounds: 0,
    lastCaptainRound: existing?.lastCaptainRound,
    lastTrioRound: existing?.lastTrioRound,
    personalConversationId: existing?.personalConversationId,
    locale: input.locale ?? existing?.locale,
    joinedAt: existing?.joinedAt ?? deps.clock.now(),
  };
  await deps.programmes.saveMember(member);
  return { kind: existing ? 'rejoined' : 'joined', member };
}

/** Keeps a member's language as last seen, for the messages Hallway sends them on its own; only a change is written. */
export async function rememberLocale(deps: MembershipDeps, input: { programmeId: string; userId: string; locale: Locale | undefined }): Promise<void> {
  if (!input.locale) return;
  const member = await deps.programmes.getMember(input.programmeId, input.userId);
  if (member && member.locale !== input.locale) await deps.programmes.saveMember({ ...member, locale: input.locale });
}

export type LeaveResult = { kind: 'left' | 'not-member' };

/** Leaving takes effect from the next round; history stays so a return never repeats pairs. */
export async function leave(deps: MembershipDeps, input: { programme: Programme; userId: string }): Promise<LeaveResult> {
  const member = await deps.programmes.getMember(input.programme.id, input.userId);
  if (member?.status !== 'active') return { kind: 'not-member' };
  await deps.programmes.saveMember({ ...member, status: 'left', pausedUntil: undefined });
  return { kind: 'left' };
}

export type PauseResult = { kind: 'paused'; until: Date } | { kind: 'invalid-weeks' } | { kind: 'not-member' };

/** Parses "<weeks>" as typed after `coffee pause`: a whole number from 1 to 52. */
export function parseWeeks(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,2}$/.test(text.trim())) return undefined;
  const weeks = Number(text.trim());
  return weeks >= 1 && weeks <= MAX_PAUSE_WEEKS ? weeks : undefined;
}

export async function pause(deps: MembershipDeps, input: { programme: Programme; userId: string; weeks: number }): Promise<PauseResult> {
  if (!Number.isInteger(input.weeks) || input.weeks < 1 || input.weeks > MAX_PAUSE_WEEKS) return { kind: 'invalid-weeks' };
  const member = await deps.programmes.getMember(input.programme.id, input.userId);
  if (member?.status !== 'active') return { kind: 'not-member' };
  const until = new Date(deps.clock.now().getTime() + input.weeks * 7 * 24 * 60 * 60 * 1000);
  await deps.programmes.saveMember({ ...member, pausedUntil: until });
  return { kind: 'paused', until };
}

export type ResumeResult = { kind: 'resumed' | 'not-paused' | 'not-member' };

export async function resume(deps: MembershipDeps, input: { programme: Programme; userId: string }): Promise<ResumeResult> {
  const member = await deps.programmes.getMember(input.programme.id, input.userId);
  if (member?.status !== 'active') return { kind: 'not-member' };
  if (!isPaused(member, deps.clock.now())) return { kind: 'not-paused' };
  await deps.programmes.saveMember({ ...member, pausedUntil: undefined, silentRounds: 0 });
  return { kind: 'resumed' };
}

export function isPaused(member: Member, now: Date): boolean {
  return Boolean(member.pausedUntil && member.pausedUntil.getTime() > now.getTime());
}

/** Who takes part in a round: active, not paused. */
export function eligible(members: Member[], now: Date): Member[] {
  return members.filter((m) => m.status === 'active' && !isPaused(m, now));
}
