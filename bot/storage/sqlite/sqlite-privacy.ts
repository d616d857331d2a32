import type Database from 'better-sqlite3';
import type { Group } from '../../domain/pairing/model';
import { FORGOTTEN, type Jobs, type PersonalData, type PersonIds, type Privacy } from '../ports';

type Row = Record<string, any>;
const iso = (ms: number | null | undefined) => (ms == null ? undefined : new Date(ms).toISOString());

export function sqlitePrivacy(db: Database.Database): Privacy {
  const userIdsOf = (p: PersonIds): string[] => {
    const ids = new Set(p.userId ? [p.userId] : []);
    if (p.aadObjectId) {
      for (const r of db.prepare('SELECT DISTINCT user_id FROM checkin_answers WHERE aad_object_id = ?').all(p.aadObjectId) as Row[]) ids.add(r.user_id);
      for (const r of db.prepare('SELECT DISTINCT user_id FROM members WHERE aad_object_id = ?').all(p.aadObjectId) as Row[]) ids.add(r.user_id);
    }
    return [...ids];
  };

  const forget = db.transaction((person: PersonIds) => {
    const ids = userIdsOf(person);
    const sessions = new Set<string>();
    for (const id of ids) {
      for (const r of db.prepare('SELECT DISTINCT session_id FROM checkin_answers WHERE user_id = ?').all(id) as Row[]) sessions.add(r.session_id);
      db.prepare('DELETE FROM checkin_answers WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM members WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM blocks WHERE user_id = ? OR blocked_id = ?').run(id, id);
      db.prepare('DELETE FROM deliveries WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM meet_answers WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM encounters WHERE a = ? OR b = ?').run(id, id);
      db.prepare('DELETE FROM break_rsvps WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM topic_votes WHERE user_id = ?').run(id);
      db.prepare('DELETE FROM break_topics WHERE author_id = ?').run(id);
      // A break's creator is their directory object id, or their Teams user id when that was unknown.
      db.prepare('UPDATE breaks SET created_by = ? WHERE created_by = ?').run(FORGOTTEN, id);
      for (const r of db.prepare("SELECT id, groups, unmatched FROM rounds WHERE instr(groups, ?) > 0 OR instr(unmatched, ?) > 0").all(id, id) as Row[]) {
        const swap = (x: string) => (x === id ? FORGOTTEN : x);
        const groups = (JSON.parse(r.groups) as Group[]).map((g) => ({ ...g, members: g.members.map(swap), captain: swap(g.captain), starter: swap(g.starter) }));
        const unmatched = (JSON.parse(r.unmatched) as string[]).map(swap);
        db.prepare('UPDATE rounds SET groups = ?, unmatched = ? WHERE id = ?').run(JSON.stringify(groups), JSON.stringify(unmatched), r.id);
      }
    }
    if (person.aadObjectId) {
      db.prepare('DELETE FROM checkin_answers WHERE aad_object_id = ?').run(person.aadObjectId);
      for (const r of db.prepare('SELECT id, organisers FROM programmes WHERE instr(organisers, ?) > 0').all(person.aadObjectId) as Row[]) {
        const organisers = (JSON.parse(r.organisers) as string[]).filter((o) => o !== person.aadObjectId);
        db.prepare('UPDATE programmes SET organisers = ? WHERE id = ?').run(JSON.stringify(organisers), r.id);
      }
      db.prepare('UPDATE installations SET installed_by = NULL WHERE installed_by = ?').run(person.aadObjectId);
      db.prepare('UPDATE breaks SET created_by = ? WHERE created_by = ?').run(FORGOTTEN, person.aadObjectId);
    }
    return { sessions: [...sessions], userIds: ids };
  });

  const expire = db.prepare('UPDATE checkin_answers SET note = NULL WHERE note IS NOT NULL AND answered_at < ?');
  const markRemoved = db.prepare('UPDATE installations SET removed_at = ? WHERE conversation_id = ?');
  const removed = db.prepare('SELECT conversation_id FROM installations WHERE removed_at IS NOT NULL AND removed_at < ?');
  const purge = db.transaction((conversationId: string) => {
    db.prepare('DELETE FROM meeting_settings WHERE meeting_id IN (SELECT meeting_id FROM checkin_sessions WHERE conversation_id = ?)').run(conversationId);
    db.prepare('DELETE FROM checkin_sessions WHERE conversation_id = ?').run(conversationId);
    db.prepare('DELETE FROM programmes WHERE id = ?').run(conversationId);
    db.prepare('DELETE FROM breaks WHERE programme_id = ?').run(conversationId);
    db.prepare('DELETE FROM installations WHERE conversation_id = ?').run(conversationId);
  });

  return {
    async forget(person) {
      return forget.immediate(person);
    },
    async export(person) {
      const data: PersonalData = { checkIns: [], coffee: [], coffeeRounds: [], coffeeAnswers: [], blocks: [], breakRsvps: [], breakTopics: [] };
      for (const id of userIdsOf(person)) {
        for (const r of db.prepare(`
          SELECT a.*, s.question FROM checkin_answers a JOIN checkin_sessions s ON s.id = a.session_id
          WHERE a.user_id = ? ORDER BY a.answered_at`).all(id) as Row[]) {
          data.checkIns.push({ sessionId: r.session_id, question: r.question, answeredAt: iso(r.answered_at)!, mood: r.mood ?? undefined, note: r.note ?? undefined, visibility: r.visibility, skipped: r.skipped === 1 });
        }
        for (const r of db.prepare('SELECT m.*, p.name AS programme FROM members m JOIN programmes p ON p.id = m.programme_id WHERE m.user_id = ?').all(id) as Row[]) {
          data.coffee.push({ programmeId: r.programme_id, programme: r.programme ?? undefined, status: r.status, pausedUntil: iso(r.paused_until), timeZone: r.time_zone ?? undefined, joinedAt: iso(r.joined_at)! });
        }
        for (const r of db.prepare('SELECT * FROM rounds WHERE instr(groups, ?) > 0 ORDER BY started_at').all(id) as Row[]) {
          const group = (JSON.parse(r.groups) as Group[]).find((g) => g.members.includes(id));
          if (group) data.coffeeRounds.push({ programmeId: r.programme_id, round: r.seq, startedAt: iso(r.started_at)!, groupSize: group.members.length, captain: group.captain === id });
        }
        for (const r of db.prepare('SELECT round_id, answer FROM meet_answers WHERE user_id = ?').all(id) as Row[]) data.coffeeAnswers.push({ roundId: r.round_id, answer: r.answer });
        for (const r of db.prepare('SELECT programme_id, blocked_id FROM blocks WHERE user_id = ?').all(id) as Row[]) data.blocks.push({ programmeId: r.programme_id, blockedUserId: r.blocked_id });
        for (const r of db.prepare('SELECT break_id, date, answer FROM break_rsvps WHERE user_id = ?').all(id) as Row[]) data.breakRsvps.push({ breakId: r.break_id, date: r.date, answer: r.answer });
        for (const r of db.prepare('SELECT break_id, date, text FROM break_topics WHERE author_id = ?').all(id) as Row[]) data.breakTopics.push({ breakId: r.break_id, date: r.date, text: r.text });
      }
      return data;
    },
    async expireNotes(before) {
      return expire.run(before.getTime()).changes;
    },
    async markRemoved(conversationId, at) {
      markRemoved.run(at.getTime(), conversationId);
    },
    async purgeRemoved(before) {
      const ids = (removed.all(before.getTime()) as Row[]).map((r) => r.conversation_id as string);
      for (const id of ids) purge.immediate(id);
      return ids;
    },
  };
}

export function sqliteJobs(db: Database.Database): Jobs {
  const insert = db.prepare('INSERT OR IGNORE INTO jobs (name, next_run_at) VALUES (?, 0)');
  const claim = db.prepare('UPDATE jobs SET next_run_at = ? WHERE name = ? AND next_run_at <= ?');
  return {
    async claim(name, now, nextRunAt) {
      insert.run(name);
      return claim.run(nextRunAt.getTime(), name, now.getTime()).changes === 1;
    },
  };
}
