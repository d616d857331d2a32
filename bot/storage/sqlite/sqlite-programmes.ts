import type Database from 'better-sqlite3';
import { isLocale } from '../../domain/language';
import type { Member, Programme, ProgrammeSettings } from '../../domain/coffee/model';
import type { Programmes } from '../../domain/coffee/ports';
import { type BlockRow, date, type MemberRow, ms, opt, type ProgrammeRow } from './rows';

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
      work_end_hour, silent_rounds, last_captain_round, last_trio_round, personal_conversation_id, locale, joined_at)
    VALUES (@programmeId, @userId, @aadObjectId, @name, @upn, @status, @pausedUntil, @timeZone, @workStartHour,
      @workEndHour, @silentRounds, @lastCaptainRound, @lastTrioRound, @personalConversationId, @locale, @joinedAt)
    ON CONFLICT (programme_id, user_id) DO UPDATE SET aad_object_id = excluded.aad_object_id, name = excluded.name,
      upn = excluded.upn, status = excluded.status, paused_until = excluded.paused_until, time_zone = excluded.time_zone,
      work_start_hour = excluded.work_start_hour, work_end_hour = excluded.work_end_hour,
      silent_rounds = excluded.silent_rounds, last_captain_round = excluded.last_captain_round,
      last_trio_round = excluded.last_trio_round, personal_conversation_id = excluded.personal_conversation_id,
      locale = excluded.locale, joined_at = excluded.joined_at, version = members.version + 1`);
  const blocks = db.prepare('SELECT user_id, blocked_id FROM blocks WHERE programme_id = ?');
  const addBlock = db.prepare('INSERT OR IGNORE INTO blocks (programme_id, user_id, blocked_id) VALUES (?, ?, ?)');

  return {
    async get(id) {
      const row = select.get(id) as ProgrammeRow | undefined;
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
          return { programme: toProgramme(select.get(p.id) as ProgrammeRow), created };
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
      return (due.all(now.getTime()) as ProgrammeRow[]).map(toProgramme).filter((p) => p.settings.enabled);
    },
    async reschedule(id, expectedSeq, nextRoundAt) {
      return reschedule.run(ms(nextRoundAt), id, expectedSeq).changes === 1;
    },
    async members(programmeId) {
      return (members.all(programmeId) as MemberRow[]).map(toMember);
    },
    async getMember(programmeId, userId) {
      const row = member.get(programmeId, userId) as MemberRow | undefined;
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
        locale: m.locale ?? null,
        joinedAt: m.joinedAt.getTime(),
      });
    },
    async blocks(programmeId) {
      return (blocks.all(programmeId) as Pick<BlockRow, 'user_id' | 'blocked_id'>[]).map((r) => [r.user_id, r.blocked_id] as [string, string]);
    },
    async addBlock(programmeId, userId, blockedId) {
      addBlock.run(programmeId, userId, blockedId);
    },
  };
}

function toProgramme(row: ProgrammeRow): Programme {
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

function toMember(row: MemberRow): Member {
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
    locale: isLocale(row.locale) ? row.locale : undefined,
    joinedAt: new Date(row.joined_at),
  };
}
