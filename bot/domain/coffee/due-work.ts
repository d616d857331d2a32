import { queueFollowUps } from './follow-up';
import type { Programme } from './model';
import type { CoffeeLog } from './ports';
import { syncRoster, type RosterDeps } from './roster';
import { runRound, type RoundDeps, type RunRoundResult } from './rounds';
import { GRACE_WINDOW_MS, nextRoundAt } from './schedule';

export type StartRoundDeps = RoundDeps & RosterDeps & { log: CoffeeLog };

/** Checks the roster with Teams, then runs the round (exactly once, whichever instance gets there first). */
export async function startRound(deps: StartRoundDeps, input: { programme: Programme; trigger: 'schedule' | 'manual' }): Promise<RunRoundResult> {
  const { programme, trigger } = input;
  const { members } = await syncRoster(deps, { programme });
  const result = await runRound(deps, { programme, members, trigger });
  deps.log.info({ programmeId: programme.id, trigger, result: result.kind, seq: result.kind === 'started' ? result.round.seq : undefined }, 'coffee round');
  return result;
}

export type DueWorkDeps = StartRoundDeps & {
  /** Sends a round's pending messages (deliverRound; bot/teams shares one run among callers at once). */
  deliver: (roundId: string) => Promise<unknown>;
};

export type DueWorkResult = { kind: 'done'; started: number; skipped: number; followUps: number };

/**
 * Coffee's scheduled work, run by the job runner: due rounds, due "Did you meet?" questions,
 * deliveries still unsent. A round missed by more than the grace window (the servers were down)
 * is skipped and the next one scheduled, rather than matching people late; within it, it runs once.
 */
export async function runDueWork(deps: DueWorkDeps): Promise<DueWorkResult> {
  const now = deps.clock.now();
  const result: DueWorkResult = { kind: 'done', started: 0, skipped: 0, followUps: 0 };
  for (const programme of await deps.programmes.due(now)) {
    if (now.getTime() - (programme.nextRoundAt?.getTime() ?? 0) > GRACE_WINDOW_MS) {
      await deps.programmes.reschedule(programme.id, programme.roundSeq, nextRoundAt(programme.settings, now, programme.nextRoundAt));
      deps.log.warn({ programmeId: programme.id }, 'coffee round missed beyond the grace window; skipped');
      result.skipped++;
      continue;
    }
    const round = await startRound(deps, { programme, trigger: 'schedule' });
    if (round.kind !== 'started') continue;
    result.started++;
    await deps.deliver(round.round.id);
  }
  for (const round of await deps.rounds.dueFollowUps(now)) {
    await queueFollowUps(deps, round);
    result.followUps++;
    await deps.deliver(round.id);
  }
  for (const roundId of await deps.rounds.roundsWithPendingDeliveries(now)) await deps.deliver(roundId);
  return result;
}
