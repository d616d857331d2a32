import type Database from 'better-sqlite3';
import type { Break, Rsvp, Topic } from '../../domain/breaks/model';
import type { Breaks } from '../../domain/breaks/ports';

import type { BreakRow, RsvpRow, TopicRow, VoteRow } from './rows';

export function sqliteBreaks(db: Database.Database): Breaks {
  const upsert = db.prepare(`
    INSERT INTO breaks (id, programme_id, title, weekdays, time, time_zone, duration_minutes, join_url, reminder_minutes,
      skipped_dates, channel_reference, created_by, created_at, deleted_at)
    VALUES (@id, @programmeId, @title, @weekdays, @time, @timeZone, @durationMinutes, @joinUrl, @reminderMinutes,
      @skippedDates, @channelReference, @createdBy, @createdAt, @deletedAt)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, weekdays = excluded.weekdays, time = excluded.time,
      time_zone = excluded.time_zone, duration_minutes = excluded.duration_minutes, join_url = excluded.join_url,
      reminder_minutes = excluded.reminder_minutes, skipped_dates = excluded.skipped_dates,
      channel_reference = excluded.channel_reference, deleted_at = excluded.deleted_at, version = breaks.version + 1`);
  const byId = db.prepare('SELECT * FROM breaks WHERE id = ?');
  const list = db.prepare('SELECT * FROM breaks WHERE programme_id = ? AND deleted_at IS NULL ORDER BY created_at');
  const active = db.prepare('SELECT * FROM breaks WHERE deleted_at IS NULL');
  const rsvp = db.prepare(`
    INSERT INTO break_rsvps (break_id, date, user_id, name, answer, at, aad_object_id) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (break_id, date, user_id) DO UPDATE SET name = excluded.name, answer = excluded.answer, at = excluded.at,
      aad_object_id = coalesce(excluded.aad_object_id, break_rsvps.aad_object_id)`);
  const rsvps = db.prepare('SELECT * FROM break_rsvps WHERE break_id = ? AND date = ? ORDER BY at, user_id');
  const addTopic = db.prepare(
    'INSERT INTO break_topics (id, break_id, date, author_id, author_name, text, created_at, author_aad_object_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const topic = db.prepare('SELECT * FROM break_topics WHERE id = ?');
  const deleteTopic = db.prepare('DELETE FROM break_topics WHERE id = ?');
  const voteOn = db.prepare('INSERT OR IGNORE INTO topic_votes (topic_id, user_id, aad_object_id) VALUES (?, ?, ?)');
  const voteOff = db.prepare('DELETE FROM topic_votes WHERE topic_id = ? AND user_id = ?');
  const votes = db.prepare('SELECT user_id FROM topic_votes WHERE topic_id = ? ORDER BY rowid');
  const topics = db.prepare(`
    SELECT t.*, (SELECT count(*) FROM topic_votes v WHERE v.topic_id = t.id) AS vote_count
    FROM break_topics t WHERE t.break_id = ? AND t.date = ? ORDER BY vote_count DESC, t.created_at`);
  const claim = db.prepare('INSERT OR IGNORE INTO break_reminders (break_id, date, posted_at) VALUES (?, ?, ?)');
  const release = db.prepare('DELETE FROM break_reminders WHERE break_id = ? AND date = ? AND message_id IS NULL');
  const setMessage = db.prepare('UPDATE break_reminders SET message_id = ? WHERE break_id = ? AND date = ?');
  const message = db.prepare('SELECT message_id FROM break_reminders WHERE break_id = ? AND date = ?');

  const toTopic = (r: TopicRow): Topic => ({
    id: r.id,
    breakId: r.break_id,
    date: r.date,
    authorId: r.author_id,
    authorName: r.author_name,
    text: r.text,
    createdAt: new Date(r.created_at),
    votes: (votes.all(r.id) as Pick<VoteRow, 'user_id'>[]).map((v) => v.user_id),
  });

  return {
    async save(b) {
      upsert.run({
        id: b.id,
        programmeId: b.programmeId,
        title: b.title,
        weekdays: JSON.stringify(b.weekdays),
        time: b.time,
        timeZone: b.timeZone,
        durationMinutes: b.durationMinutes,
        joinUrl: b.joinUrl ?? null,
        reminderMinutes: b.reminderMinutes,
        skippedDates: JSON.stringify(b.skippedDates),
        channelReference: JSON.stringify(b.channelReference),
        createdBy: b.createdBy,
        createdAt: b.createdAt.getTime(),
        deletedAt: b.deletedAt?.getTime() ?? null,
      });
    },
    async get(id) {
      const row = byId.get(id) as BreakRow | undefined;
      return row ? toBreak(row) : undefined;
    },
    async list(programmeId) {
      return (list.all(programmeId) as BreakRow[]).map(toBreak);
    },
    async active() {
      return (active.all() as BreakRow[]).map(toBreak);
    },
    async rsvp(r, aadObjectId) {
      rsvp.run(r.breakId, r.date, r.userId, r.name, r.answer, r.at.getTime(), aadObjectId ?? null);
    },
    async rsvps(breakId, date) {
      return (rsvps.all(breakId, date) as RsvpRow[]).map(
        (r): Rsvp => ({ breakId: r.break_id, date: r.date, userId: r.user_id, name: r.name, answer: r.answer, at: new Date(r.at) }),
      );
    },
    async addTopic(t, authorAadObjectId) {
      addTopic.run(t.id, t.breakId, t.date, t.authorId, t.authorName, t.text, t.createdAt.getTime(), authorAadObjectId ?? null);
    },
    async getTopic(id) {
      const row = topic.get(id) as TopicRow | undefined;
      return row ? toTopic(row) : undefined;
    },
    async deleteTopic(id) {
      deleteTopic.run(id);
    },
    async vote(topicId, userId, on, aadObjectId) {
      if (on) voteOn.run(topicId, userId, aadObjectId ?? null);
      else voteOff.run(topicId, userId);
    },
    async topics(breakId, date) {
      return (topics.all(breakId, date) as TopicRow[]).map(toTopic);
    },
    async claimReminder(breakId, date, at) {
      return claim.run(breakId, date, at.getTime()).changes === 1;
    },
    async releaseReminder(breakId, date) {
      release.run(breakId, date);
    },
    async setReminderMessage(breakId, date, messageId) {
      setMessage.run(messageId, breakId, date);
    },
    async reminderMessage(breakId, date) {
      return (message.get(breakId, date) as { message_id: string | null } | undefined)?.message_id ?? undefined;
    },
  };
}

function toBreak(r: BreakRow): Break {
  return {
    id: r.id,
    programmeId: r.programme_id,
    title: r.title,
    weekdays: JSON.parse(r.weekdays),
    time: r.time,
    timeZone: r.time_zone,
    durationMinutes: r.duration_minutes,
    joinUrl: r.join_url ?? undefined,
    reminderMinutes: r.reminder_minutes,
    skippedDates: JSON.parse(r.skipped_dates),
    channelReference: JSON.parse(r.channel_reference),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    deletedAt: r.deleted_at == null ? undefined : new Date(r.deleted_at),
  };
}
