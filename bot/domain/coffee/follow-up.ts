import type { Programmes, Rounds, SilenceUpdate } from './ports';
import type { Clock } from '../clock';
import type { Delivery, MeetAnswer, Round } from './model';

export type FollowUpDeps = { programmes: Programmes; rounds: Rounds; clock: Clock };

/** Three rounds in a row without an answer to "Did you meet?" pause a member. */
export const SILENT_ROUNDS_BEFORE_PAUSE = 3;
const AUTO_PAUSE_MS = 52 * 7 * 24 * 60 * 60 * 1000;

/** Queues "Did you meet?" for everyone in a group of the round, once. */
export async function queueFollowUps(deps: FollowUpDeps, round: Round): Promise<void> {
  const now = deps.clock.now();
  const deliveries: Delivery[] = round.groups.flatMap((g) =>
    g.members.map((userId) => ({
      roundId: round.id,
      userId,
      kind: 'follow-up' as const,
      status: 'pending' as const,
      attempts: 0,
      updatedAt: now,
    })),
  );
  await deps.rounds.addDeliveries(deliveries);
  await deps.rounds.setStatus(round.id, 'following-up', now);
}

export type MeetAnswerResult = { kind: 'recorded'; groupSize: number } | { kind: 'not-in-round' } | { kind: 'closed' };

export async function recordMeetAnswer(deps: FollowUpDeps, input: { roundId: string; userId: string; answer: MeetAnswer }): Promise<MeetAnswerResult> {
  const round = await deps.rounds.get(input.roundId);
  const group = round?.groups.find((g) => g.members.includes(input.userId));
  if (!round || !group) return { kind: 'not-in-round' };
  if (round.status === 'closed') return { kind: 'closed' };
  await deps.rounds.recordAnswer(round.id, input.userId, input.answer, deps.clock.now());
  return { kind: 'recorded', groupSize: group.members.length };
}

/** "X of Y groups met": a group met when any of its members says so. */
export function roundStats(round: Round, answers: { userId: string; answer: MeetAnswer }[]) {
  const said = new Map(answers.map((a) => [a.userId, a.answer]));
  const met = round.groups.filter((g) => g.members.some((m) => said.get(m) === 'yes')).length;
  const planned = round.groups.filter((g) => !g.members.some((m) => said.get(m) === 'yes') && g.members.some((m) => said.get(m) === 'planned')).length;
  return { groups: round.groups.length, met, planned, answered: said.size };
}

/**
 * Closes a round. Members who were asked "Did you meet?" and said nothing get one silent round
 * more; at three in a row they are paused (and told so, through a delivery). The counts are stored
 * with the close in one transaction, so whichever instance closes the round counts them, once, and
 * any instance that then plans the next round sees them. Returns who was paused.
 */
export async function closeRound(deps: FollowUpDeps, round: Round): Promise<string[]> {
  const now = deps.clock.now();
  const silences: SilenceUpdate[] = [];
  if (round.status === 'following-up') {
    const answered = new Set((await deps.rounds.answers(round.id)).map((a) => a.userId));
    for (const userId of round.groups.flatMap((g) => g.members)) {
      const member = await deps.programmes.getMember(round.programmeId, userId);
      if (member?.status !== 'active') continue;
      const silentRounds = answered.has(userId) ? 0 : member.silentRounds + 1;
      const pause = silentRounds >= SILENT_ROUNDS_BEFORE_PAUSE;
      silences.push({
        programmeId: round.programmeId,
        userId,
        silentRounds: pause ? 0 : silentRounds,
        pausedUntil: pause ? new Date(now.getTime() + AUTO_PAUSE_MS) : undefined,
      });
    }
  }
  const paused = silences.filter((s) => s.pausedUntil).map((s) => s.userId);
  const deliveries: Delivery[] = paused.map((userId) => ({
    roundId: round.id,
    userId,
    kind: 'auto-paused',
    status: 'pending',
    attempts: 0,
    updatedAt: now,
  }));
  return (await deps.rounds.close(round.id, now, silences, deliveries)) ? paused : [];
}
