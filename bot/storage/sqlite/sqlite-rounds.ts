import type Database from 'better-sqlite3';
import type { Delivery, Encounter, Group, Round } from '../../domain/coffee/model';
import type { Rounds, StartRoundResult } from '../../domain/coffee/ports';
import { date, type DeliveryRow, type EncounterRow, type MeetAnswerRow, ms, opt, type RoundRow } from './rows';

export function sqliteRounds(db: Database.Database): Rounds {
  const claim = db.prepare('UPDATE programmes SET round_seq = round_seq + 1, next_round_at = ?, version = version + 1 WHERE id = ? AND round_seq = ?');
  const insertRound = db.prepare(`
    INSERT INTO rounds (id, programme_id, seq, status, started_at, groups, unmatched, follow_up_at, closed_at)
    VALUES (@id, @programmeId, @seq, @status, @startedAt, @groups, @unmatched, @followUpAt, @closedAt)`);
  const insertDelivery = db.prepare(`
    INSERT OR IGNORE INTO deliveries (round_id, user_id, kind, status, attempts, activity_id, updated_at)
    VALUES (@roundId, @userId, @kind, @status, @attempts, @activityId, @updatedAt)`);
  const insertEncounter = db.prepare('INSERT INTO encounters (programme_id, round, a, b) VALUES (?, ?, ?, ?)');
  const byId = db.prepare('SELECT * FROM rounds WHERE id = ?');
  const latest = db.prepare('SELECT * FROM rounds WHERE programme_id = ? ORDER BY seq DESC LIMIT 1');
  const setStatus = db.prepare("UPDATE rounds SET status = ?, closed_at = CASE WHEN ? = 'closed' THEN ? ELSE closed_at END WHERE id = ?");
  const dueFollowUps = db.prepare("SELECT * FROM rounds WHERE status = 'open' AND follow_up_at <= ? ORDER BY follow_up_at");
  const history = db.prepare('SELECT round, a, b FROM encounters WHERE programme_id = ? ORDER BY round');
  const pendingRounds = db.prepare(`
    SELECT d.round_id FROM deliveries d JOIN rounds r ON r.id = d.round_id
    WHERE d.status = 'pending' OR (d.status = 'sending' AND d.claimed_until <= ?)
    GROUP BY d.round_id ORDER BY min(r.started_at)`);
  const claimDelivery = db.prepare(`
    UPDATE deliveries SET status = 'sending', claimed_until = ?
    WHERE round_id = ? AND user_id = ? AND kind = ?
      AND (status = 'pending' OR (status = 'sending' AND claimed_until <= ?))`);
  const closeRound = db.prepare("UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ? AND status != 'closed'");
  const silence = db.prepare(
    'UPDATE members SET silent_rounds = ?, paused_until = COALESCE(?, paused_until), version = version + 1 WHERE programme_id = ? AND user_id = ?',
  );
  const deliveries = db.prepare('SELECT * FROM deliveries WHERE round_id = ? ORDER BY rowid');
  const mark = db.prepare(
    'UPDATE deliveries SET status = ?, attempts = ?, activity_id = ?, updated_at = ?, claimed_until = NULL WHERE round_id = ? AND user_id = ? AND kind = ?',
  );
  const answer = db.prepare(`
    INSERT INTO meet_answers (round_id, user_id, answer, answered_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (round_id, user_id) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at`);
  const answers = db.prepare('SELECT user_id, answer FROM meet_answers WHERE round_id = ?');

  const addDeliveries = (list: Delivery[]) => {
    for (const d of list) {
      insertDelivery.run({
        roundId: d.roundId,
        userId: d.userId,
        kind: d.kind,
        status: d.status,
        attempts: d.attempts,
        activityId: d.activityId ?? null,
        updatedAt: d.updatedAt.getTime(),
      });
    }
  };

  const start = db.transaction((round: Round, list: Delivery[], encounters: Encounter[], nextRoundAt: Date | undefined): StartRoundResult => {
    if (claim.run(ms(nextRoundAt), round.programmeId, round.seq - 1).changes !== 1) return { kind: 'already-claimed' };
    insertRound.run({
      id: round.id,
      programmeId: round.programmeId,
      seq: round.seq,
      status: round.status,
      startedAt: round.startedAt.getTime(),
      groups: JSON.stringify(round.groups),
      unmatched: JSON.stringify(round.unmatched),
      followUpAt: round.followUpAt.getTime(),
      closedAt: ms(round.closedAt),
    });
    for (const e of encounters) insertEncounter.run(round.programmeId, e.round, e.a, e.b);
    addDeliveries(list);
    return { kind: 'started' };
  });

  return {
    async start(round, list, encounters, nextRoundAt) {
      return start.immediate(round, list, encounters, nextRoundAt);
    },
    async get(roundId) {
      const row = byId.get(roundId) as RoundRow | undefined;
      return row ? toRound(row) : undefined;
    },
    async latest(programmeId) {
      const row = latest.get(programmeId) as RoundRow | undefined;
      return row ? toRound(row) : undefined;
    },
    async setStatus(roundId, status, at) {
      setStatus.run(status, status, at.getTime(), roundId);
    },
    async dueFollowUps(now) {
      return (dueFollowUps.all(now.getTime()) as RoundRow[]).map(toRound);
    },
    async history(programmeId) {
      return (history.all(programmeId) as Omit<EncounterRow, 'programme_id'>[]).map((r) => ({ round: r.round, a: r.a, b: r.b }));
    },
    async addDeliveries(list) {
      db.transaction(addDeliveries).immediate(list);
    },
    async roundsWithPendingDeliveries(now) {
      return (pendingRounds.all(now.getTime()) as Pick<DeliveryRow, 'round_id'>[]).map((r) => r.round_id);
    },
    async claimDelivery(roundId, userId, kind, now, until) {
      return claimDelivery.run(until.getTime(), roundId, userId, kind, now.getTime()).changes === 1;
    },
    async close(roundId, at, silences = [], list = []) {
      return db
        .transaction(() => {
          if (closeRound.run(at.getTime(), roundId).changes !== 1) return false;
          for (const s of silences) silence.run(s.silentRounds, ms(s.pausedUntil), s.programmeId, s.userId);
          addDeliveries(list);
          return true;
        })
        .immediate();
    },
    async deliveries(roundId) {
      return (deliveries.all(roundId) as DeliveryRow[]).map((r) => ({
        roundId: r.round_id,
        userId: r.user_id,
        kind: r.kind,
        status: r.status,
        attempts: r.attempts,
        activityId: opt(r.activity_id),
        claimedUntil: date(r.claimed_until),
        updatedAt: new Date(r.updated_at),
      }));
    },
    async markDelivery(roundId, userId, kind, u) {
      mark.run(u.status, u.attempts, u.activityId ?? null, u.updatedAt.getTime(), roundId, userId, kind);
    },
    async recordAnswer(roundId, userId, value, at) {
      answer.run(roundId, userId, value, at.getTime());
    },
    async answers(roundId) {
      return (answers.all(roundId) as Pick<MeetAnswerRow, 'user_id' | 'answer'>[]).map((r) => ({ userId: r.user_id, answer: r.answer }));
    },
  };
}

function toRound(row: RoundRow): Round {
  return {
    id: row.id,
    programmeId: row.programme_id,
    seq: row.seq,
    status: row.status,
    startedAt: new Date(row.started_at),
    groups: JSON.parse(row.groups) as Group[],
    unmatched: JSON.parse(row.unmatched),
    followUpAt: new Date(row.follow_up_at),
    closedAt: date(row.closed_at),
  };
}
