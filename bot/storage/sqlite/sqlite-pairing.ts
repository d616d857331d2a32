import type Database from 'better-sqlite3';
import type { Delivery, Encounter, Group, Member, Programme, ProgrammeSettings, Round } from '../../domain/coffee/model';
import type { Programmes, Rounds, StartRoundResult } from '../../domain/coffee/ports';

type Row = Record<string, any>;
const ms = (date: Date | undefined) => (date ? date.getTime() : null);
const date = (value: unknown) => (value == null ? undefined : new Date(value as number));
const opt = <T>(value: T | null) => value ?? undefined;

export function sqliteProgrammes(db: Database.Database): Programmes {
  const select = db.prepare('SELECT * FROM programmes WHERE id = ?');
  const insert = db.prepare(`
    INSERT INTO programmes (id, tenant_id, name, reference, organisers, settings, round_seq, next_round_at, created_at)
    VALUES (@id, @tenantId, @name, @reference, @organisers, @settings, @roundSeq, @nextRoundAt, @createdAt)
    ON CONFLICT (id) DO NOTHING`);
  const settings = db.prepare('UPDATE programmes SET settings = ?, next_round_at = ?, version = version + 1 WHERE id = ?');
  const organisers = db.prepare('UPDATE programmes SET organisers = ?, version = version + 1 WHERE id = ?');
  const due = db.prepare('SELECT * FROM programmes WHERE next_round_at IS NOT NULL AND next_round_at <= ? ORDER BY next_round_at');
  const reschedule = db.prepare('UPDATE programmes SET next_round_at = ?, version = version + 1 WHERE id = ? AND round_seq = ?');
  const members = db.prepare('SELECT * FROM members WHERE programme_id = ? ORDER BY joined_at, user_id');
  const member = db.prepare('SELECT * FROM members WHERE programme_id = ? AND user_id = ?');
  const upsertMember = db.prepare(`
    INSERT INTO members (programme_id, user_id, aad_object_id, name, upn, status, paused_until, time_zone, work_start_hour,
      work_end_hour, silent_rounds, last_captain_round, last_trio_round, personal_conversation_id, joined_at)
    VALUES (@programmeId, @userId, @aadObjectId, @name, @upn, @status, @pausedUntil, @timeZone, @workStartHour,
      @workEndHour, @silentRounds, @lastCaptainRound, @lastTrioRound, @personalConversationId, @joinedAt)
    ON CONFLICT (programme_id, user_id) DO UPDATE SET aad_object_id = excluded.aad_object_id, name = excluded.name,
      upn = excluded.upn, status = excluded.status, paused_until = excluded.paused_until, time_zone = excluded.time_zone,
      work_start_hour = excluded.work_start_hour, work_end_hour = excluded.work_end_hour,
      silent_rounds = excluded.silent_rounds, last_captain_round = excluded.last_captain_round,
      last_trio_round = excluded.last_trio_round, personal_conversation_id = excluded.personal_conversation_id,
      joined_at = excluded.joined_at, version = members.version + 1`);
  const blocks = db.prepare('SELECT user_id, blocked_id FROM blocks WHERE programme_id = ?');
  const addBlock = db.prepare('INSERT OR IGNORE INTO blocks (programme_id, user_id, blocked_id) VALUES (?, ?, ?)');

  return {
    async get(id) {
      const row = select.get(id) as Row | undefined;
      return row ? toProgramme(row) : undefined;
    },
    async ensure(p) {
      return db
        .transaction(() => {
          const created =
            insert.run({
              id: p.id,
              tenantId: p.tenantId,
              name: p.name ?? null,
              reference: JSON.stringify(p.reference),
              organisers: JSON.stringify(p.organisers),
              settings: JSON.stringify(p.settings),
              roundSeq: p.roundSeq,
              nextRoundAt: ms(p.nextRoundAt),
              createdAt: p.createdAt.getTime(),
            }).changes === 1;
          return { programme: toProgramme(select.get(p.id) as Row), created };
        })
        .immediate();
    },
    async updateSettings(id, s, nextRoundAt) {
      settings.run(JSON.stringify(s), ms(nextRoundAt), id);
    },
    async setOrganisers(id, list) {
      organisers.run(JSON.stringify(list), id);
    },
    async due(now) {
      return (due.all(now.getTime()) as Row[]).map(toProgramme).filter((p) => p.settings.enabled);
    },
    async reschedule(id, expectedSeq, nextRoundAt) {
      return reschedule.run(ms(nextRoundAt), id, expectedSeq).changes === 1;
    },
    async members(programmeId) {
      return (members.all(programmeId) as Row[]).map(toMember);
    },
    async getMember(programmeId, userId) {
      const row = member.get(programmeId, userId) as Row | undefined;
      return row ? toMember(row) : undefined;
    },
    async saveMember(m) {
      upsertMember.run({
        programmeId: m.programmeId,
        userId: m.userId,
        aadObjectId: m.aadObjectId ?? null,
        name: m.name,
        upn: m.upn ?? null,
        status: m.status,
        pausedUntil: ms(m.pausedUntil),
        timeZone: m.timeZone ?? null,
        workStartHour: m.workStartHour ?? null,
        workEndHour: m.workEndHour ?? null,
        silentRounds: m.silentRounds,
        lastCaptainRound: m.lastCaptainRound ?? null,
        lastTrioRound: m.lastTrioRound ?? null,
        personalConversationId: m.personalConversationId ?? null,
        joinedAt: m.joinedAt.getTime(),
      });
    },
    async blocks(programmeId) {
      return (blocks.all(programmeId) as Row[]).map((r) => [r.user_id, r.blocked_id] as [string, string]);
    },
    async addBlock(programmeId, userId, blockedId) {
      addBlock.run(programmeId, userId, blockedId);
    },
  };
}

function toProgramme(row: Row): Programme {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: opt(row.name),
    reference: JSON.parse(row.reference),
    organisers: JSON.parse(row.organisers),
    settings: JSON.parse(row.settings) as ProgrammeSettings,
    roundSeq: row.round_seq,
    nextRoundAt: date(row.next_round_at),
    createdAt: new Date(row.created_at),
  };
}

function toMember(row: Row): Member {
  return {
    programmeId: row.programme_id,
    userId: row.user_id,
    aadObjectId: opt(row.aad_object_id),
    name: row.name,
    upn: opt(row.upn),
    status: row.status,
    pausedUntil: date(row.paused_until),
    timeZone: opt(row.time_zone),
    workStartHour: opt(row.work_start_hour),
    workEndHour: opt(row.work_end_hour),
    silentRounds: row.silent_rounds,
    lastCaptainRound: opt(row.last_captain_round),
    lastTrioRound: opt(row.last_trio_round),
    personalConversationId: opt(row.personal_conversation_id),
    joinedAt: new Date(row.joined_at),
  };
}

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
      const row = byId.get(roundId) as Row | undefined;
      return row ? toRound(row) : undefined;
    },
    async latest(programmeId) {
      const row = latest.get(programmeId) as Row | undefined;
      return row ? toRound(row) : undefined;
    },
    async setStatus(roundId, status, at) {
      setStatus.run(status, status, at.getTime(), roundId);
    },
    async dueFollowUps(now) {
      return (dueFollowUps.all(now.getTime()) as Row[]).map(toRound);
    },
    async history(programmeId) {
      return (history.all(programmeId) as Row[]).map((r) => ({ round: r.round, a: r.a, b: r.b }));
    },
    async addDeliveries(list) {
      db.transaction(addDeliveries).immediate(list);
    },
    async roundsWithPendingDeliveries(now) {
      return (pendingRounds.all(now.getTime()) as Row[]).map((r) => r.round_id as string);
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
      return (deliveries.all(roundId) as Row[]).map((r) => ({
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
      return (answers.all(roundId) as Row[]).map((r) => ({ userId: r.user_id, answer: r.answer }));
    },
  };
}

function toRound(row: Row): Round {
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
