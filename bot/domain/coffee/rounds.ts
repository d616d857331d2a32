import type { Programmes, Rounds } from './ports';
import type { Clock } from '../clock';
import { matchGroups } from '../matching/matcher';
import { closeRound } from './follow-up';
import { eligible } from './membership';
import type { Delivery, Encounter, Group, Member, Programme, Round } from './model';
import { followUpAt, nextRoundAt } from './schedule';

export type RoundDeps = { programmes: Programmes; rounds: Rounds; clock: Clock; newId: () => string };

export const CONVERSATION_STARTERS = [
  "What's something you've learned outside work lately?",
  "What's the best thing you've eaten this month?",
  'What did you want to be when you were ten?',
  "What's a small habit that makes your week better?",
  "What's the last book, show or podcast you couldn't stop talking about?",
  'Where would you go for a week if work did not exist?',
  "What's a skill you'd love someone on the team to teach you?",
  "What's your favourite place within an hour of home?",
  'What are you looking forward to this season?',
  'What was your first job, and what did it teach you?',
];

/** A number from a string, so every choice in a round is deterministic and reproducible. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The member who scheduled least recently; ties broken by the round's seed. */
function captainOf(group: string[], members: Map<string, Member>, seed: number): string {
  return [...group].sort((a, b) => {
    const ca = members.get(a)?.lastCaptainRound ?? -1;
    const cb = members.get(b)?.lastCaptainRound ?? -1;
    return ca - cb || seedOf(`${seed}:${a}`) - seedOf(`${seed}:${b}`);
  })[0]!;
}

export type RoundPlan = { round: Round; deliveries: Delivery[]; encounters: Encounter[]; memberUpdates: Member[] };

/** Decides a round: who meets whom, the captain and a starter per group, and who is told what. */
export function planRound(input: {
  programme: Programme;
  members: Member[];
  history: Encounter[];
  blocks: [string, string][];
  now: Date;
  roundId: string;
}): RoundPlan {
  const { programme, now } = input;
  const seq = programme.roundSeq + 1;
  const seed = seedOf(`${programme.id}#${seq}`);
  const candidates = eligible(input.members, now);
  const byId = new Map(candidates.map((m) => [m.userId, m]));
  const recentTrio = candidates.filter((m) => m.lastTrioRound !== undefined && m.lastTrioRound >= seq - 3).map((m) => m.userId);
  const result = matchGroups({
    candidates: candidates.map((m) => ({
      id: m.userId,
      timeZone: m.timeZone,
      workStartHour: m.workStartHour,
      workEndHour: m.workEndHour,
    })),
    history: input.history,
    blocked: input.blocks,
    groupSize: programme.settings.groupSize,
    round: seq,
    lastTrio: recentTrio,
    seed,
    referenceDate: now.toISOString().slice(0, 10),
  });

  const groups: Group[] = result.groups.map((members, i) => ({
    members,
    captain: captainOf(members, byId, seed),
    starter: CONVERSATION_STARTERS[(seed + i) % CONVERSATION_STARTERS.length]!,
  }));
  const encounters: Encounter[] = groups.flatMap((g) => g.members.flatMap((a, i) => g.members.slice(i + 1).map((b) => ({ a, b, round: seq }))));
  const memberUpdates: Member[] = [];
  for (const g of groups) {
    for (const id of g.members) {
      const m = byId.get(id)!;
      const update = { ...m };
      if (id === g.captain) update.lastCaptainRound = seq;
      if (g.members.length === 3) update.lastTrioRound = seq;
      if (update.lastCaptainRound !== m.lastCaptainRound || update.lastTrioRound !== m.lastTrioRound) memberUpdates.push(update);
    }
  }
  const roundId = input.roundId;
  const pending = (userId: string, kind: Delivery['kind']): Delivery => ({
    roundId,
    userId,
    kind,
    status: 'pending',
    attempts: 0,
    updatedAt: now,
  });
  const deliveries = [...groups.flatMap((g) => g.members.map((id) => pending(id, 'pairing'))), ...result.unmatched.map((id) => pending(id, 'unmatched'))];
  const round: Round = {
    id: roundId,
    programmeId: programme.id,
    seq,
    status: 'notifying',
    startedAt: now,
    groups,
    unmatched: result.unmatched,
    followUpAt: followUpAt(programme.settings, now),
  };
  return { round, deliveries, encounters, memberUpdates };
}

export type RunRoundResult = { kind: 'started'; round: Round } | { kind: 'already-claimed' } | { kind: 'not-enough-members'; eligible: number };

/**
 * Runs the programme's next round, exactly once: the round number is claimed in storage together
 * with the round, so a second instance (or a retry after a restart) gets `already-claimed`.
 * `members` is the roster-checked member list.
 */
export async function runRound(deps: RoundDeps, input: { programme: Programme; members: Member[]; trigger: 'schedule' | 'manual' }): Promise<RunRoundResult> {
  const { programme } = input;
  const previous = await deps.rounds.latest(programme.id);
  if (previous && previous.status !== 'closed') await closeRound(deps, previous);
  // Read after closing: closing may pause members who stayed silent three rounds in a row, and
  // people may have paused or left since the roster was read.
  const members = refresh(input.members, await deps.programmes.members(programme.id));
  const now = deps.clock.now();

  const count = eligible(members, now).length;
  const next = input.trigger === 'schedule' ? nextRoundAt(programme.settings, now, programme.nextRoundAt) : programme.nextRoundAt;
  if (count < 1) {
    return (await deps.programmes.reschedule(programme.id, programme.roundSeq, next))
      ? { kind: 'not-enough-members', eligible: count }
      : { kind: 'already-claimed' };
  }
  const plan = planRound({
    programme,
    members,
    history: await deps.rounds.history(programme.id),
    blocks: await deps.programmes.blocks(programme.id),
    now,
    roundId: deps.newId(),
  });
  const started = await deps.rounds.start(plan.round, plan.deliveries, plan.encounters, next);
  if (started.kind !== 'started') return started;
  // Only the captain and trio marks change; the rest is stored as it is now, not as it was planned.
  for (const update of plan.memberUpdates) {
    const stored = await deps.programmes.getMember(programme.id, update.userId);
    if (!stored) continue;
    await deps.programmes.saveMember({ ...stored, lastCaptainRound: update.lastCaptainRound, lastTrioRound: update.lastTrioRound });
  }
  return { kind: 'started', round: plan.round };
}

/** The roster-checked members, with membership and pause state as stored now. */
function refresh(members: Member[], stored: Member[]): Member[] {
  const byId = new Map(stored.map((m) => [m.userId, m]));
  return members.map((m) => {
    const s = byId.get(m.userId);
    if (!s) return m;
    const status = m.status === 'left' || s.status === 'left' ? 'left' : m.status;
    return { ...m, status, pausedUntil: s.pausedUntil, silentRounds: s.silentRounds };
  });
}
