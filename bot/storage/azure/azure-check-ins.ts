import type { Answer, CheckInSession, MoodId, Visibility } from '../../domain/check-in/model';
import type { CheckIns, CreateSessionResult } from '../../domain/check-in/ports';
import type { People, Target } from './azure-people';
import { BatchedInserts } from './batched-inserts';
import { CONFLICT, optimistic, type Entity, type NewEntity, type Table, type Tables } from './azure-table';
import { getJson, iso, join, key, putJson, toDate } from './keys';

/**
 * Check-ins.
 *
 * Sessions table, partition = session id: the row `session` and one row `a|<user id>` per
 * answer, so the hot paths (answering, drawing the card) stay in one partition.
 *
 * CheckInKeys table, what SQLite did with unique indexes, each in a partition of its own:
 *   occ|<occurrence key> / claim   one session per occurrence, ever
 *   open|<conversation id> / claim at most one open session per chat
 *   chat|<conversation id> / <session id>    a chat's sessions (to delete them with the chat)
 *   team|<team id> / <session id>            sessions in a team's channels, whose chat ids are
 *                                            not the team's (to delete them with the team)
 *   series|<series key> / <occurrence key>   question history of a meeting series
 *
 * Creating a session cannot be one transaction (these are different partitions), so the claims
 * are inserted first: an insert that finds the row (409) tells the loser who won. Only then is
 * the session written. A claim whose session never appeared (its creator crashed) is taken over
 * after CLAIM_STALE_MS; a creator needs milliseconds, so a live one is never overtaken in practice.
 * Claims carry a snapshot of their session, so a loser can name the winner even before the
 * winner's session row exists.
 */
const CLAIM_STALE_MS = 60_000;
const SESSION = 'session';
const CLAIM = 'claim';

export const occurrencePk = (occurrenceKey: string) => join('occ', key(occurrenceKey));
export const openPk = (conversationId: string) => join('open', key(conversationId));
export const chatPk = (conversationId: string) => join('chat', key(conversationId));
export const teamPk = (teamId: string) => join('team', key(teamId));
export const seriesPk = (seriesKey: string) => join('series', key(seriesKey));
export const answerRk = (userId: string) => join('a', key(userId));

export function azureCheckIns(tables: Tables, people: People): CheckIns {
  const sessions = tables.sessions;
  /** A meeting's answers arriving together are inserted together (its partition is the check-in's). */
  const answerInserts = new BatchedInserts(sessions);
  const keys = tables.checkInKeys;

  const read = async (sessionId: string) => {
    const e = await sessions.get(key(sessionId), SESSION);
    return e ? toSession(e) : undefined;
  };

  /** Inserts the claim row, or names the session that holds it; undefined means it is ours. */
  const claim = (pk: string, session: CheckInSession, holds: (s: CheckInSession) => boolean) =>
    optimistic<CheckInSession | undefined>('check-in claim', async () => {
      const row: Record<string, unknown> = { partitionKey: pk, rowKey: CLAIM, sessionId: session.id, claimedAt: iso(new Date()) };
      putJson(row, 'session', sessionJson(session));
      if (await keys.create(row as NewEntity)) return undefined;
      const existing = await keys.get(pk, CLAIM);
      if (!existing) return CONFLICT; // released meanwhile
      if (existing.sessionId === session.id) return undefined;
      const stored = await read(existing.sessionId as string);
      if (stored && holds(stored)) return stored;
      if (!stored && Date.now() - Date.parse(existing.claimedAt as string) < CLAIM_STALE_MS) {
        return sessionFromJson(getJson(existing, 'session')!); // its creator is writing it right now
      }
      // A leftover: its session was closed, or its creator crashed. Take it over under its ETag.
      await keys.delete(pk, CLAIM, existing.etag);
      return CONFLICT;
    });

  return {
    async create(session): Promise<CreateSessionResult> {
      const conversationId = session.address.conversationId;
      const chatRow = { partitionKey: chatPk(conversationId), rowKey: key(session.id) };
      const teamId = session.address.teamId;
      const listed = {
        sessionId: session.id,
        conversationId,
        meetingId: session.meetingId,
        occurrenceKey: session.occurrenceKey,
        seriesKey: session.seriesKey,
      };
      // Listed under its chat (and team) first, so deleting their data finds it whatever happens next.
      await Promise.all([
        keys.upsert({ ...chatRow, ...listed }),
        teamId ? keys.upsert({ partitionKey: teamPk(teamId), rowKey: key(session.id), ...listed }) : undefined,
      ]);
      const unlist = () => Promise.all([keys.delete(chatRow.partitionKey, chatRow.rowKey), teamId ? keys.delete(teamPk(teamId), key(session.id)) : undefined]);
      const duplicate = await claim(occurrencePk(session.occurrenceKey), session, () => true);
      if (duplicate) {
        await unlist();
        return { kind: 'duplicate-occurrence', existing: duplicate };
      }
      if (session.status === 'open') {
        const open = await claim(openPk(conversationId), session, (s) => s.status === 'open');
        if (open) {
          await release(keys, occurrencePk(session.occurrenceKey), session.id);
          await unlist();
          return { kind: 'already-open', existing: open };
        }
      }
      await keys.upsert({
        partitionKey: seriesPk(session.seriesKey),
        rowKey: key(session.occurrenceKey),
        sessionId: session.id,
        questionId: session.questionId,
        startedAt: iso(session.startedAt),
        createdAt: iso(new Date()),
      });
      if (!(await sessions.create(sessionEntity(session)))) throw new Error(`check-in session ${session.id} exists already`);
      return { kind: 'created' };
    },

    get: read,

    async findOpen(conversationId) {
      const claimRow = await keys.get(openPk(conversationId), CLAIM);
      const session = claimRow ? await read(claimRow.sessionId as string) : undefined;
      return session?.status === 'open' ? session : undefined;
    },

    async setMessageId(sessionId, messageId) {
      await sessions.merge({ partitionKey: key(sessionId), rowKey: SESSION, messageId });
    },

    async close(sessionId, closedAt) {
      const closed = await optimistic('checkIns.close', async () => {
        const e = await sessions.get(key(sessionId), SESSION);
        if (e?.status !== 'open') return false;
        return (await sessions.replace({ ...e, status: 'closed', closedAt: iso(closedAt) }, e.etag)) ? true : CONFLICT;
      });
      if (closed) {
        const session = (await read(sessionId))!;
        await release(keys, openPk(session.address.conversationId), sessionId);
      }
      return closed;
    },

    async discard(sessionId) {
      const session = await read(sessionId);
      if (session) {
        // Claims first: from then on a retry of the same occurrence can create its session.
        await release(keys, openPk(session.address.conversationId), sessionId);
        await release(keys, occurrencePk(session.occurrenceKey), sessionId);
        const series = await keys.get(seriesPk(session.seriesKey), key(session.occurrenceKey));
        if (series?.sessionId === sessionId) await keys.delete(series.partitionKey, series.rowKey, series.etag);
      }
      await deleteSessionRows(tables, people, sessionId);
      if (session) await keys.delete(chatPk(session.address.conversationId), key(sessionId));
      if (session?.address.teamId) await keys.delete(teamPk(session.address.teamId), key(sessionId));
    },

    async saveAnswer(answer) {
      const pk = key(answer.sessionId);
      const rk = answerRk(answer.person.userId);
      // Indexed first: a crash in between leaves a pointer to nothing, never an answer nobody can find.
      await people.notePerson({ table: 'sessions', pk, rk }, answer.person.userId, answer.person.aadObjectId);
      // Most answers are a person's first in this check-in: one insert, batched with the answers
      // arriving meanwhile. An edit finds the row (409) and replaces it, keeping when they first
      // answered and the sign-in name looked up for it.
      if (await answerInserts.insert(answerEntity(answer, answer.person.upn, iso(new Date())))) return;
      await optimistic('checkIns.saveAnswer', async () => {
        const existing = await sessions.get(pk, rk);
        const upn = answer.person.upn ?? (existing?.upn as string | undefined);
        const next = answerEntity(answer, upn, (existing?.firstAt as string | undefined) ?? iso(new Date()));
        if (!existing) return (await sessions.create(next)) ? true : CONFLICT;
        return (await sessions.replace(next, existing.etag)) ? true : CONFLICT;
      });
    },

    async setAnswerUpn(sessionId, userId, upn) {
      await sessions.merge({ partitionKey: key(sessionId), rowKey: answerRk(userId), upn });
    },

    async getAnswer(sessionId, userId) {
      const e = await sessions.get(key(sessionId), answerRk(userId));
      return e ? toAnswer(e) : undefined;
    },

    async listAnswers(sessionId) {
      const rows = await sessions.partition(key(sessionId), 'a');
      // Newest first; equal times in reverse order of first answer, as SQLite's rowid did.
      rows.sort((x, y) => cmp(y.answeredAt, x.answeredAt) || cmp(y.firstAt, x.firstAt));
      return rows.map(toAnswer);
    },

    async questionHistory(seriesKey) {
      const rows = await keys.partition(seriesPk(seriesKey));
      rows.sort((x, y) => cmp(x.startedAt, y.startedAt) || cmp(x.createdAt, y.createdAt));
      return rows.map((r) => r.questionId as string);
    },
  };
}

/** Deletes a claim only while it still names `sessionId` (another session may hold it by now). */
export async function release(keys: Table, pk: string, sessionId: string): Promise<void> {
  await optimistic('check-in claim release', async () => {
    const row = await keys.get(pk, CLAIM);
    if (!row || row.sessionId !== sessionId) return true;
    return (await keys.delete(pk, CLAIM, row.etag)) ? true : CONFLICT;
  });
}

/** Deletes a session's partition (the session and its answers) and the answers' index entries. */
export async function deleteSessionRows(tables: Tables, people: People, sessionId: string): Promise<string[]> {
  const rows = await tables.sessions.partition(key(sessionId));
  const identities: string[] = [];
  for (const row of rows) {
    if (row.rowKey === SESSION) continue;
    const ids = [row.userId as string, row.aadObjectId as string | undefined];
    identities.push(...ids.filter((id): id is string => Boolean(id)));
    await people.drop(answerTarget(row), ids);
  }
  await tables.sessions.deleteAll(rows.filter((r) => r.rowKey !== SESSION));
  await tables.sessions.delete(key(sessionId), SESSION);
  return identities;
}

export const answerTarget = (row: { partitionKey: string; rowKey: string }): Target => ({
  table: 'sessions',
  pk: row.partitionKey,
  rk: row.rowKey,
});

const cmp = (a: unknown, b: unknown) => String(a ?? '').localeCompare(String(b ?? ''));

type SessionJson = Omit<CheckInSession, 'startedAt' | 'closedAt'> & { startedAt: string; closedAt?: string };

const sessionJson = (s: CheckInSession): SessionJson => ({
  ...s,
  startedAt: iso(s.startedAt),
  closedAt: s.closedAt ? iso(s.closedAt) : undefined,
});

const sessionFromJson = (s: SessionJson): CheckInSession => ({ ...s, startedAt: new Date(s.startedAt), closedAt: toDate(s.closedAt) });

function sessionEntity(s: CheckInSession): NewEntity {
  const e: Record<string, unknown> = {
    partitionKey: key(s.id),
    rowKey: SESSION,
    id: s.id,
    occurrenceKey: s.occurrenceKey,
    seriesKey: s.seriesKey,
    meetingId: s.meetingId,
    title: s.title,
    tenantId: s.address.tenantId,
    conversationId: s.address.conversationId,
    teamId: s.address.teamId,
    questionId: s.questionId,
    question: s.question,
    status: s.status,
    messageId: s.messageId,
    defaultVisibility: s.defaultVisibility,
    summaryAtEnd: s.summaryAtEnd,
    startedAt: iso(s.startedAt),
    closedAt: s.closedAt ? iso(s.closedAt) : undefined,
  };
  putJson(e, 'reference', s.address.reference);
  return e as NewEntity;
}

export function toSession(e: Entity): CheckInSession {
  return {
    id: e.id as string,
    occurrenceKey: e.occurrenceKey as string,
    seriesKey: e.seriesKey as string,
    meetingId: e.meetingId as string | undefined,
    title: e.title as string | undefined,
    address: {
      tenantId: e.tenantId as string,
      conversationId: e.conversationId as string,
      reference: getJson(e, 'reference'),
      ...(typeof e.teamId === 'string' && { teamId: e.teamId }),
    },
    questionId: e.questionId as string,
    question: e.question as string,
    status: e.status as CheckInSession['status'],
    messageId: e.messageId as string | undefined,
    defaultVisibility: e.defaultVisibility as Visibility,
    summaryAtEnd: e.summaryAtEnd === true,
    startedAt: toDate(e.startedAt)!,
    closedAt: toDate(e.closedAt),
  };
}

function answerEntity(a: Answer, upn: string | undefined, firstAt: string): NewEntity {
  return {
    partitionKey: key(a.sessionId),
    rowKey: answerRk(a.person.userId),
    sessionId: a.sessionId,
    userId: a.person.userId,
    aadObjectId: a.person.aadObjectId,
    name: a.person.name,
    upn,
    mood: a.mood,
    note: a.note,
    // Retention looks for notes with a filter; a flag is cheaper to filter on than a missing property.
    hasNote: a.note !== undefined,
    visibility: a.visibility,
    skipped: a.skipped,
    answeredAt: iso(a.answeredAt),
    firstAt,
  };
}

export function toAnswer(e: Entity): Answer {
  return {
    sessionId: e.sessionId as string,
    person: {
      userId: e.userId as string,
      aadObjectId: e.aadObjectId as string | undefined,
      name: e.name as string,
      upn: e.upn as string | undefined,
    },
    mood: e.mood as MoodId | undefined,
    note: e.note as string | undefined,
    visibility: e.visibility as Visibility,
    skipped: e.skipped === true,
    answeredAt: toDate(e.answeredAt)!,
  };
}
