import type Database from 'better-sqlite3';
import type { Group } from '../../domain/coffee/model';
import { emptyPersonalData, FORGOTTEN, type PersonIds, type Privacy } from '../../domain/privacy-ports';
import { daysUserIdsOf, exportDays, forgetInDays } from './sqlite-days';
import type { AnswerRow, BlockRow, InstallationRow, MeetAnswerRow, MemberRow, ProgrammeRow, RoundRow, RsvpRow, TopicRow, VoteRow } from './rows';
const iso = (ms: number | null | undefined) => (ms == null ? undefined : new Date(ms).toISOString());

/**
 * Empties the write-ahead log into the file and truncates it. With secure delete the file's copy
 * of a page no longer holds what was deleted, but the log keeps every earlier version of the page
 * until it is overwritten: after forget me, retention and removal it must not wait for that. A
 * reader holding the log beyond the busy timeout leaves it for the next erase.
 */
export function eraseLog(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

export function sqlitePrivacy(db: Database.Database): Privacy {
  /** Every table holding a Teams user id next to the directory object id, to find one from the other. */
  const byObjectId = [
    db.prepare('SELECT DISTINCT user_id FROM checkin_answers WHERE aad_object_id = ?'),
    db.prepare('SELECT DISTINCT user_id FROM members WHERE aad_object_id = ?'),
    db.prepare('SELECT DISTINCT user_id FROM break_rsvps WHERE aad_object_id = ?'),
    db.prepare('SELECT DISTINCT author_id AS user_id FROM break_topics WHERE author_aad_object_id = ?'),
    db.prepare('SELECT DISTINCT user_id FROM topic_votes WHERE aad_object_id = ?'),
  ];
  const userIdsOf = (p: PersonIds): string[] => {
    const ids = new Set(p.userId ? [p.userId] : []);
    if (p.aadObjectId) for (const query of byObjectId) for (const r of query.all(p.aadObjectId) as Pick<AnswerRow, 'user_id'>[]) ids.add(r.user_id);
    if (p.aadObjectId) for (const id of daysUserIdsOf(db, p.aadObjectId)) ids.add(id);
    return [...ids];
  };
  /** Programmes the person organises (organisers are object ids, stored as a JSON list). */
  const organising = (aadObjectId: string) =>
    (
      db.prepare('SELECT id, name, organisers FROM programmes WHERE instr(organisers, ?) > 0').all(aadObjectId) as Pick<
        ProgrammeRow,
        'id' | 'name' | 'organisers'
      >[]
    ).filter((r) => (JSON.parse(r.organisers) as string[]).includes(aadObjectId));

  /** Break occurrences whose card shows the person: their answer, their topic, their upvote. */
  const shownOnBreaks = db.prepare(`
    SELECT break_id, date FROM break_rsvps WHERE user_id = ?
    UNION SELECT break_id, date FROM break_topics WHERE author_id = ?
    UNION SELECT t.break_id, t.date FROM topic_votes v JOIN break_topics t ON t.id = v.topic_id WHERE v.user_id = ?`);

  const forget = db.transaction((person: PersonIds) => {
    const ids = userIdsOf(person);
    const sessions = new Set<string>();
    const occurrences = new Map<string, { breakId: string; date: string }>();
    for (const id of ids) {
      for (const r of db.prepare('SELECT DISTINCT session_id FROM checkin_answers WHERE user_id = ?').all(id) as Pick<AnswerRow, 'session_id'>[])
        sessions.add(r.session_id);
      for (const r of shownOnBreaks.all(id, id, id) as Pick<RsvpRow, 'break_id' | 'date'>[])
        occurrences.set(`${r.break_id}|${r.date}`, { breakId: r.break_id, date: r.date });
      db.prepare('DELETE FROM checkin_answers WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM members WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM blocks WHERE user_id = ? OR blocked_id = ?').run(id, id);
      db.prepare('DELETE FROM deliveries WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM meet_answers WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM encounters WHERE a = ? OR b = ?').run(id, id);
      db.prepare('DELETE FROM break_rsvps WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM topic_votes WHERE user_id = ?').run(id);
      // Their topics are their words: deleted, and everyone's upvotes on them with them (cascade).
      db.prepare('DELETE FROM break_topics WHERE author_id = ?').run(id);
      // A break's creator is their directory object id, or their Teams user id when that was unknown.
      db.prepare('UPDATE breaks SET created_by = ? WHERE created_by = ?').run(FORGOTTEN, id);
      for (const r of db.prepare('SELECT id, groups, unmatched FROM rounds WHERE instr(groups, ?) > 0 OR instr(unmatched, ?) > 0').all(id, id) as Pick<
        RoundRow,
        'id' | 'groups' | 'unmatched'
      >[]) {
        const swap = (x: string) => (x === id ? FORGOTTEN : x);
        const groups = (JSON.parse(r.groups) as Group[]).map((g) => ({
          ...g,
          members: g.members.map(swap),
          captain: swap(g.captain),
          starter: swap(g.starter),
        }));
        const unmatched = (JSON.parse(r.unmatched) as string[]).map(swap);
        db.prepare('UPDATE rounds SET groups = ?, unmatched = ? WHERE id = ?').run(JSON.stringify(groups), JSON.stringify(unmatched), r.id);
      }
    }
    const aad = person.aadObjectId;
    if (aad) {
      db.prepare('DELETE FROM checkin_answers WHERE aad_object_id = ?').run(aad);
      for (const r of organising(aad)) {
        const organisers = (JSON.parse(r.organisers) as string[]).filter((o) => o !== aad);
        db.prepare('UPDATE programmes SET organisers = ? WHERE id = ?').run(JSON.stringify(organisers), r.id);
      }
      // Their 1:1 chat with Hallway is theirs alone; in a team or chat they only lose the credit.
      db.prepare("DELETE FROM installations WHERE conversation_type = 'personal' AND installed_by = ?").run(aad);
      db.prepare('UPDATE installations SET installed_by = NULL WHERE installed_by = ?').run(aad);
      db.prepare('UPDATE breaks SET created_by = ? WHERE created_by = ?').run(FORGOTTEN, aad);
    }
    const plans = forgetInDays(db, aad ? [...ids, aad] : ids);
    return { sessions: [...sessions], userIds: ids, occurrences: [...occurrences.values()], plans };
  });

  const expire = db.prepare('UPDATE checkin_answers SET note = NULL WHERE note IS NOT NULL AND answered_at < ?');
  const markRemoved = db.prepare('UPDATE installations SET removed_at = ? WHERE conversation_id = ?');
  const removed = db.prepare('SELECT conversation_id FROM installations WHERE removed_at IS NOT NULL AND removed_at < ?');
  const purge = db.transaction((conversationId: string) => {
    // Its own check-ins, and those of meetings in its channels (when it is a team).
    const sessions = 'SELECT id FROM checkin_sessions WHERE conversation_id = ? OR team_id = ?';
    db.prepare(`DELETE FROM meeting_settings WHERE meeting_id IN (SELECT meeting_id FROM checkin_sessions WHERE id IN (${sessions}))`).run(
      conversationId,
      conversationId,
    );
    db.prepare(`DELETE FROM checkin_sessions WHERE id IN (${sessions})`).run(conversationId, conversationId);
    db.prepare('DELETE FROM programmes WHERE id = ?').run(conversationId);
    db.prepare('DELETE FROM breaks WHERE programme_id = ?').run(conversationId);
    db.prepare('DELETE FROM days_plans WHERE programme_id = ?').run(conversationId);
    db.prepare('DELETE FROM installations WHERE conversation_id = ?').run(conversationId);
  });

  return {
    async forget(person) {
      const result = forget.immediate(person);
      eraseLog(db);
      return result;
    },
    async export(person) {
      const data = emptyPersonalData();
      const ids = userIdsOf(person);
      for (const id of ids) {
        for (const r of db
          .prepare(`
          SELECT a.*, s.question FROM checkin_answers a JOIN checkin_sessions s ON s.id = a.session_id
          WHERE a.user_id = ? ORDER BY a.answered_at`)
          .all(id) as (AnswerRow & { question: string })[]) {
          data.checkIns.push({
            sessionId: r.session_id,
            question: r.question,
            answeredAt: iso(r.answered_at)!,
            mood: r.mood ?? undefined,
            note: r.note ?? undefined,
            visibility: r.visibility,
            skipped: r.skipped === 1,
          });
        }
        for (const r of db
          .prepare('SELECT m.*, p.name AS programme FROM members m JOIN programmes p ON p.id = m.programme_id WHERE m.user_id = ?')
          .all(id) as (MemberRow & { programme: string | null })[]) {
          data.coffee.push({
            programmeId: r.programme_id,
            programme: r.programme ?? undefined,
            status: r.status,
            pausedUntil: iso(r.paused_until),
            timeZone: r.time_zone ?? undefined,
            language: r.locale ?? undefined,
            joinedAt: iso(r.joined_at)!,
          });
        }
        for (const r of db.prepare('SELECT * FROM rounds WHERE instr(groups, ?) > 0 ORDER BY started_at').all(id) as RoundRow[]) {
          const group = (JSON.parse(r.groups) as Group[]).find((g) => g.members.includes(id));
          if (group)
            data.coffeeRounds.push({
              programmeId: r.programme_id,
              round: r.seq,
              startedAt: iso(r.started_at)!,
              groupSize: group.members.length,
              captain: group.captain === id,
            });
        }
        for (const r of db.prepare('SELECT round_id, answer FROM meet_answers WHERE user_id = ?').all(id) as Pick<MeetAnswerRow, 'round_id' | 'answer'>[])
          data.coffeeAnswers.push({ roundId: r.round_id, answer: r.answer });
        for (const r of db.prepare('SELECT programme_id, blocked_id FROM blocks WHERE user_id = ?').all(id) as Pick<BlockRow, 'programme_id' | 'blocked_id'>[])
          data.blocks.push({ programmeId: r.programme_id, blockedUserId: r.blocked_id });
        for (const r of db.prepare('SELECT break_id, date, name, answer FROM break_rsvps WHERE user_id = ? ORDER BY date, break_id').all(id) as Pick<
          RsvpRow,
          'break_id' | 'date' | 'name' | 'answer'
        >[]) {
          data.breakRsvps.push({ breakId: r.break_id, date: r.date, name: r.name, answer: r.answer });
        }
        for (const r of db.prepare('SELECT break_id, date, text FROM break_topics WHERE author_id = ? ORDER BY created_at').all(id) as Pick<
          TopicRow,
          'break_id' | 'date' | 'text'
        >[])
          data.breakTopics.push({ breakId: r.break_id, date: r.date, text: r.text });
        for (const r of db
          .prepare(
            'SELECT t.break_id, t.date, v.topic_id FROM topic_votes v JOIN break_topics t ON t.id = v.topic_id WHERE v.user_id = ? ORDER BY t.date, v.rowid',
          )
          .all(id) as (Pick<TopicRow, 'break_id' | 'date'> & Pick<VoteRow, 'topic_id'>)[]) {
          data.breakVotes.push({ breakId: r.break_id, date: r.date, topicId: r.topic_id });
        }
      }
      const creators = [...ids, ...(person.aadObjectId ? [person.aadObjectId] : [])];
      exportDays(db, creators, data);
      for (const creator of creators) {
        for (const r of db.prepare('SELECT id, title FROM breaks WHERE created_by = ? ORDER BY created_at').all(creator) as { id: string; title: string }[])
          data.breaksSetUp.push({ breakId: r.id, title: r.title });
      }
      if (person.aadObjectId) {
        for (const r of organising(person.aadObjectId)) data.coffeeOrganiser.push({ programmeId: r.id, programme: r.name ?? undefined });
        for (const r of db
          .prepare('SELECT conversation_id, conversation_type, installed_at FROM installations WHERE installed_by = ? ORDER BY installed_at')
          .all(person.aadObjectId) as Pick<InstallationRow, 'conversation_id' | 'conversation_type' | 'installed_at'>[]) {
          data.installedHallway.push({
            conversationId: r.conversation_id,
            conversationType: r.conversation_type,
            installedAt: iso(r.installed_at)!,
          });
        }
      }
      return data;
    },
    async expireNotes(before) {
      const expired = expire.run(before.getTime()).changes;
      eraseLog(db);
      return expired;
    },
    async markRemoved(conversationId, at) {
      markRemoved.run(at.getTime(), conversationId);
    },
    async purgeRemoved(before) {
      const ids = (removed.all(before.getTime()) as Pick<InstallationRow, 'conversation_id'>[]).map((r) => r.conversation_id);
      for (const id of ids) purge.immediate(id);
      if (ids.length > 0) eraseLog(db);
      return ids;
    },
  };
}
