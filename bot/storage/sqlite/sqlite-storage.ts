import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Answer, CheckInSession, MeetingSettings, MoodId, Visibility } from '../../domain/check-in/model';
import type { CheckIns, CreateSessionResult, MeetingSettingsStore } from '../../domain/check-in/ports';
import type { Installation, Installations } from '../../domain/installations';
import type { Storage } from '../ports';
import { MIGRATIONS } from './migrations';
import { sqliteProgrammes, sqliteRounds } from './sqlite-pairing';
import { eraseLog, sqliteJobs, sqlitePrivacy } from './sqlite-privacy';
import { sqliteBreaks } from './sqlite-breaks';

type Row = Record<string, unknown>;

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openSqliteStorage(path: string): Storage {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not only unlinked: a forgotten person's name or an
  // expired note cannot be read back from the file's free space (see eraseLog for the WAL).
  db.pragma('secure_delete = ON');
  const from = migrate(db);
  if (from > 0 && from < SECURE_DELETE_SINCE) {
    // A file written before secure delete may still hold deleted rows in its free space: rewrite
    // it once, then empty the log that rewrite went through.
    db.exec('VACUUM');
    eraseLog(db);
  }

  return {
    installations: sqliteInstallations(db),
    checkIns: sqliteCheckIns(db),
    meetingSettings: sqliteMeetingSettings(db),
    programmes: sqliteProgrammes(db),
    rounds: sqliteRounds(db),
    privacy: sqlitePrivacy(db),
    jobs: sqliteJobs(db),
    breaks: sqliteBreaks(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The schema version from which deletes are secure; files from before are vacuumed once. */
const SECURE_DELETE_SINCE = 5;

/** Brings the schema up to date; returns the version the file had (0: new). */
function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this Hallway (${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return current;
}

function sqliteInstallations(db: Database.Database): Installations {
  const select = db.prepare('SELECT * FROM installations WHERE conversation_id = ?');
  const insert = db.prepare(`
    INSERT INTO installations (conversation_id, tenant_id, conversation_type, team_id, team_name, reference, installed_by, installed_at, updated_at)
    VALUES (@conversationId, @tenantId, @conversationType, @teamId, @teamName, @reference, @installedBy, @installedAt, @installedAt)
    ON CONFLICT (conversation_id) DO NOTHING`);
  const refresh = db.prepare(`
    UPDATE installations SET tenant_id = @tenantId, conversation_type = @conversationType, team_id = @teamId,
      team_name = @teamName, reference = @reference, updated_at = @installedAt, removed_at = NULL
    WHERE conversation_id = @conversationId`);

  return {
    async upsert(inst) {
      const params = {
        conversationId: inst.conversationId,
        tenantId: inst.tenantId,
        conversationType: inst.conversationType,
        teamId: inst.teamId ?? null,
        teamName: inst.teamName ?? null,
        reference: JSON.stringify(inst.reference),
        installedBy: inst.installedBy ?? null,
        installedAt: inst.installedAt.getTime(),
      };
      return db
        .transaction(() => {
          if (insert.run(params).changes === 1) return { created: true };
          // Reinstalled after a removal (within the grace period, so the data is still there).
          const wasRemoved = (select.get(inst.conversationId) as Row | undefined)?.removed_at != null;
          refresh.run(params);
          return { created: wasRemoved };
        })
        .immediate();
    },
    async get(conversationId) {
      const row = select.get(conversationId) as Row | undefined;
      return row ? toInstallation(row) : undefined;
    },
  };
}

function toInstallation(row: Row): Installation {
  return {
    conversationId: row.conversation_id as string,
    tenantId: row.tenant_id as string,
    conversationType: row.conversation_type as Installation['conversationType'],
    teamId: (row.team_id as string | null) ?? undefined,
    teamName: (row.team_name as string | null) ?? undefined,
    reference: JSON.parse(row.reference as string),
    installedBy: (row.installed_by as string | null) ?? undefined,
    installedAt: new Date(row.installed_at as number),
  };
}

function sqliteCheckIns(db: Database.Database): CheckIns {
  const byId = db.prepare('SELECT * FROM checkin_sessions WHERE id = ?');
  const byOccurrence = db.prepare('SELECT * FROM checkin_sessions WHERE occurrence_key = ?');
  const openInChat = db.prepare("SELECT * FROM checkin_sessions WHERE conversation_id = ? AND status = 'open'");
  const insertSession = db.prepare(`
    INSERT INTO checkin_sessions (id, occurrence_key, series_key, meeting_id, title, tenant_id, conversation_id, team_id, reference,
      question_id, question, status, message_id, default_visibility, summary_at_end, started_at, closed_at)
    VALUES (@id, @occurrenceKey, @seriesKey, @meetingId, @title, @tenantId, @conversationId, @teamId, @reference,
      @questionId, @question, @status, @messageId, @defaultVisibility, @summaryAtEnd, @startedAt, @closedAt)`);
  const setMessage = db.prepare('UPDATE checkin_sessions SET message_id = ?, version = version + 1 WHERE id = ?');
  const close = db.prepare("UPDATE checkin_sessions SET status = 'closed', closed_at = ?, version = version + 1 WHERE id = ? AND status = 'open'");
  const discard = db.prepare('DELETE FROM checkin_sessions WHERE id = ?');
  const history = db.prepare('SELECT question_id FROM checkin_sessions WHERE series_key = ? ORDER BY started_at, rowid');
  const upsertAnswer = db.prepare(`
    INSERT INTO checkin_answers (session_id, user_id, aad_object_id, name, upn, mood, note, visibility, skipped, answered_at)
    VALUES (@sessionId, @userId, @aadObjectId, @name, @upn, @mood, @note, @visibility, @skipped, @answeredAt)
    ON CONFLICT (session_id, user_id) DO UPDATE SET aad_object_id = excluded.aad_object_id, name = excluded.name,
      upn = coalesce(excluded.upn, checkin_answers.upn),
      mood = excluded.mood, note = excluded.note, visibility = excluded.visibility, skipped = excluded.skipped,
      answered_at = excluded.answered_at, version = checkin_answers.version + 1`);
  const setUpn = db.prepare('UPDATE checkin_answers SET upn = ? WHERE session_id = ? AND user_id = ?');
  const oneAnswer = db.prepare('SELECT * FROM checkin_answers WHERE session_id = ? AND user_id = ?');
  const answers = db.prepare('SELECT * FROM checkin_answers WHERE session_id = ? ORDER BY answered_at DESC, rowid DESC');

  const create = db.transaction((session: CheckInSession): CreateSessionResult => {
    const sameOccurrence = byOccurrence.get(session.occurrenceKey) as Row | undefined;
    if (sameOccurrence) return { kind: 'duplicate-occurrence', existing: toSession(sameOccurrence) };
    const open = openInChat.get(session.address.conversationId) as Row | undefined;
    if (open) return { kind: 'already-open', existing: toSession(open) };
    insertSession.run({
      id: session.id,
      occurrenceKey: session.occurrenceKey,
      seriesKey: session.seriesKey,
      meetingId: session.meetingId ?? null,
      title: session.title ?? null,
      tenantId: session.address.tenantId,
      conversationId: session.address.conversationId,
      teamId: session.address.teamId ?? null,
      reference: JSON.stringify(session.address.reference),
      questionId: session.questionId,
      question: session.question,
      status: session.status,
      messageId: session.messageId ?? null,
      defaultVisibility: session.defaultVisibility,
      summaryAtEnd: session.summaryAtEnd ? 1 : 0,
      startedAt: session.startedAt.getTime(),
      closedAt: session.closedAt?.getTime() ?? null,
    });
    return { kind: 'created' };
  });

  return {
    async create(session) {
      return create.immediate(session);
    },
    async get(sessionId) {
      const row = byId.get(sessionId) as Row | undefined;
      return row ? toSession(row) : undefined;
    },
    async findOpen(conversationId) {
      const row = openInChat.get(conversationId) as Row | undefined;
      return row ? toSession(row) : undefined;
    },
    async setMessageId(sessionId, messageId) {
      setMessage.run(messageId, sessionId);
    },
    async close(sessionId, closedAt) {
      return close.run(closedAt.getTime(), sessionId).changes === 1;
    },
    async discard(sessionId) {
      discard.run(sessionId);
    },
    async saveAnswer(answer) {
      upsertAnswer.run({
        sessionId: answer.sessionId,
        userId: answer.person.userId,
        aadObjectId: answer.person.aadObjectId ?? null,
        name: answer.person.name,
        upn: answer.person.upn ?? null,
        mood: answer.mood ?? null,
        note: answer.note ?? null,
        visibility: answer.visibility,
        skipped: answer.skipped ? 1 : 0,
        answeredAt: answer.answeredAt.getTime(),
      });
    },
    async setAnswerUpn(sessionId, userId, upn) {
      setUpn.run(upn, sessionId, userId);
    },
    async getAnswer(sessionId, userId) {
      const row = oneAnswer.get(sessionId, userId) as Row | undefined;
      return row ? toAnswer(row) : undefined;
    },
    async listAnswers(sessionId) {
      return (answers.all(sessionId) as Row[]).map(toAnswer);
    },
    async questionHistory(seriesKey) {
      return (history.all(seriesKey) as Row[]).map((r) => r.question_id as string);
    },
  };
}

function toSession(row: Row): CheckInSession {
  return {
    id: row.id as string,
    occurrenceKey: row.occurrence_key as string,
    seriesKey: row.series_key as string,
    meetingId: (row.meeting_id as string | null) ?? undefined,
    title: (row.title as string | null) ?? undefined,
    address: {
      tenantId: row.tenant_id as string,
      conversationId: row.conversation_id as string,
      reference: JSON.parse(row.reference as string),
      ...(row.team_id != null && { teamId: row.team_id as string }),
    },
    questionId: row.question_id as string,
    question: row.question as string,
    status: row.status as CheckInSession['status'],
    messageId: (row.message_id as string | null) ?? undefined,
    defaultVisibility: row.default_visibility as Visibility,
    summaryAtEnd: row.summary_at_end === 1,
    startedAt: new Date(row.started_at as number),
    closedAt: row.closed_at == null ? undefined : new Date(row.closed_at as number),
  };
}

function toAnswer(row: Row): Answer {
  return {
    sessionId: row.session_id as string,
    person: {
      userId: row.user_id as string,
      aadObjectId: (row.aad_object_id as string | null) ?? undefined,
      name: row.name as string,
      upn: (row.upn as string | null) ?? undefined,
    },
    mood: (row.mood as MoodId | null) ?? undefined,
    note: (row.note as string | null) ?? undefined,
    visibility: row.visibility as Visibility,
    skipped: row.skipped === 1,
    answeredAt: new Date(row.answered_at as number),
  };
}

function sqliteMeetingSettings(db: Database.Database): MeetingSettingsStore {
  const select = db.prepare('SELECT settings FROM meeting_settings WHERE meeting_id = ?');
  const upsert = db.prepare(`
    INSERT INTO meeting_settings (meeting_id, settings, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (meeting_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`);
  return {
    async get(meetingId) {
      const row = select.get(meetingId) as { settings: string } | undefined;
      return row ? (JSON.parse(row.settings) as MeetingSettings) : undefined;
    },
    async put(meetingId, settings) {
      upsert.run(meetingId, JSON.stringify(settings), Date.now());
    },
  };
}
