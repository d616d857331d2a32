import type { Delivery, Encounter, MeetAnswer, Round } from '../domain/coffee/model';
import type { Storage } from '../storage/ports';
import { column, same, type Source, type StepContext, tally } from './migrate-kit';

/**
 * One coffee programme with its members, blocks, rounds (with their encounters, messages and "Did
 * you meet?" answers). Rounds go through `rounds.start` in order, as they ran: that is how the
 * Azure driver numbers them, indexes them and moves the programme's round count on.
 */
export async function copyProgramme(id: string, source: Source, target: Storage, ctx: StepContext): Promise<void> {
  const from = (await source.storage.programmes.get(id))!;
  let wrote = false;
  if (!(await target.programmes.get(id))) {
    // Its rounds follow, each moving the count on by one, as when they ran.
    await target.programmes.ensure({ ...from, roundSeq: 0 });
    wrote = true;
  }

  for (const member of await source.storage.programmes.members(id)) {
    const changed = !same(member, await target.programmes.getMember(id, member.userId));
    if (changed) await target.programmes.saveMember(member);
    tally(ctx, 'coffee members', changed);
  }

  const blocked = new Set((await target.programmes.blocks(id)).map(([a, b]) => `${a}\n${b}`));
  for (const [userId, blockedId] of await source.storage.programmes.blocks(id)) {
    const changed = !blocked.has(`${userId}\n${blockedId}`);
    if (changed) await target.programmes.addBlock(id, userId, blockedId);
    tally(ctx, 'coffee blocks', changed);
  }

  const history = await source.storage.rounds.history(id);
  for (const roundId of column(source.db, 'SELECT id FROM rounds WHERE programme_id = ? ORDER BY seq', id)) {
    if (!(await copyRound(roundId, from.nextRoundAt, history, source, target, ctx))) break;
  }

  // Settings, schedule and organisers as they are now (the rounds moved the schedule as they ran).
  const there = (await target.programmes.get(id))!;
  if (!same(from.settings, there.settings) || !same(from.nextRoundAt, there.nextRoundAt)) {
    await target.programmes.updateSettings(id, from.settings, from.nextRoundAt);
    wrote = true;
  }
  if (!same(from.organisers, there.organisers)) {
    await target.programmes.setOrganisers(id, from.organisers);
    wrote = true;
  }
  if (!same(from, await target.programmes.get(id))) ctx.conflict('differs from the copy in Azure Tables');
  tally(ctx, 'coffee programmes', wrote);
}

/** Copies one round; false when it could not be started in Azure Tables (later rounds would not follow). */
async function copyRound(
  roundId: string,
  nextRoundAt: Date | undefined,
  history: Encounter[],
  source: Source,
  target: Storage,
  ctx: StepContext,
): Promise<boolean> {
  const round = (await source.storage.rounds.get(roundId))!;
  const deliveries = (await source.storage.rounds.deliveries(roundId)).map(settled);
  let there = await target.rounds.get(roundId);
  let started = false;
  if (!there) {
    const encounters = history.filter((e) => e.round === round.seq);
    const result = await target.rounds.start(round, deliveries, encounters, nextRoundAt);
    if (result.kind !== 'started') {
      ctx.conflict(`round ${round.seq} could not be started (the programme in Azure Tables is at another round)`);
      return false;
    }
    started = true;
  } else if (!same(round, there)) {
    await target.rounds.setStatus(roundId, round.status, round.closedAt ?? round.startedAt);
    there = await target.rounds.get(roundId);
    if (!same(round, there)) ctx.conflict(`round ${round.seq} differs from the copy in Azure Tables`);
  }
  tally(ctx, 'coffee rounds', started || !same(round, there));
  await copyDeliveries(round, deliveries, started, target, ctx);
  await copyMeetAnswers(roundId, source, target, ctx);
  return true;
}

/**
 * A message being sent when the copy was taken becomes pending again with its attempts: its lease
 * belonged to a server that no longer runs, which the scheduler would also have given up on.
 */
function settled(d: Delivery): Delivery {
  const { claimedUntil: _lease, ...rest } = d;
  return rest.status === 'sending' ? { ...rest, status: 'pending' } : rest;
}

async function copyDeliveries(round: Round, deliveries: Delivery[], started: boolean, target: Storage, ctx: StepContext): Promise<void> {
  const there = started ? [] : await target.rounds.deliveries(round.id);
  for (const d of deliveries) {
    if (started) {
      tally(ctx, 'coffee messages', true); // written with the round
      continue;
    }
    const found = there.find((t) => t.userId === d.userId && t.kind === d.kind);
    const changed = !same(d, found && settled(found));
    if (!found) await target.rounds.addDeliveries([d]);
    else if (changed) await target.rounds.markDelivery(round.id, d.userId, d.kind, d);
    tally(ctx, 'coffee messages', changed);
  }
}

async function copyMeetAnswers(roundId: string, source: Source, target: Storage, ctx: StepContext): Promise<void> {
  const rows = source.db.prepare('SELECT user_id, answer, answered_at FROM meet_answers WHERE round_id = ? ORDER BY user_id').all(roundId) as {
    user_id: string;
    answer: MeetAnswer;
    answered_at: number;
  }[];
  if (rows.length === 0) return;
  const there = await target.rounds.answers(roundId);
  for (const row of rows) {
    const changed = !there.some((a) => a.userId === row.user_id && a.answer === row.answer);
    if (changed) await target.rounds.recordAnswer(roundId, row.user_id, row.answer, new Date(row.answered_at));
    tally(ctx, 'coffee answers', changed);
  }
}
