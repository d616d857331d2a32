import type Database from 'better-sqlite3';
import type { Answer, CheckInSession, MoodId, Visibility } from '../../domain/check-in/model';
import type { CheckIns, CreateSessionResult } from '../../domain/check-in/ports';
import type { AnswerRow, SessionRow } from './rows';
import { GroupCommit } from './group-commit';

export function sqliteCheckIns(db: Database.Database): CheckIns {
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
    const sameOccurrence = byOccurrence.get(session.occurrenceKey) as SessionRow | undefined;
    if (sameOccurrence) return { kind: 'duplicate-occurrence', existing: toSession(sameOccurrence) };
    const open = openInChat.get(session.address.conversationId) as SessionRow | undefined;
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

  const writeAnswer = (answer: Answer) =>
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
  const answerWrites = new GroupCommit<Answer>(db.transaction((batch: Answer[]) => batch.forEach(writeAnswer)));

  return {
    async create(session) {
      return create.immediate(session);
    },
    async get(sessionId) {
      const row = byId.get(sessionId) as SessionRow | undefined;
      return row ? toSession(row) : undefined;
    },
    async findOpen(conversationId) {
      const row = openInChat.get(conversationId) as SessionRow | undefined;
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
    saveAnswer: (answer) => answerWrites.add(answer),
    async setAnswerUpn(sessionId, userId, upn) {
      setUpn.run(upn, sessionId, userId);
    },
    async getAnswer(sessionId, userId) {
      const row = oneAnswer.get(sessionId, userId) as AnswerRow | undefined;
      return row ? toAnswer(row) : undefined;
    },
    async listAnswers(sessionId) {
      return (answers.all(sessionId) as AnswerRow[]).map(toAnswer);
    },
    async questionHistory(seriesKey) {
      return (history.all(seriesKey) as Pick<SessionRow, 'question_id'>[]).map((r) => r.question_id);
    },
  };
}

function toSession(row: SessionRow): CheckInSession {
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

function toAnswer(row: AnswerRow): Answer {
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
