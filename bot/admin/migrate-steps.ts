import type { RsvpAnswer, Topic } from '../domain/breaks/model';
import type { Storage } from '../storage/ports';
import type { RsvpRow, TopicRow, VoteRow } from '../storage/sqlite/rows';
import { copyProgramme } from './migrate-coffee';
import { copyDaysPlan } from './migrate-days';
import { column, same, type Source, type Step, type StepContext, tally } from './migrate-kit';

// One step per kind of top-level item, each copying the item with what hangs off it. Reads go
// through the SQLite driver's ports (raw SQL only lists keys, and reads what no port returns: a
// removal time, the directory ids kept beside break answers); writes go through the Azure driver's.

const installations: Step = {
  name: 'installations',
  keys: (db) => column(db, 'SELECT conversation_id FROM installations ORDER BY conversation_id'),
  async copy(id, source, target, ctx) {
    const from = (await source.storage.installations.get(id))!;
    const wrote = !same(from, await target.installations.get(id));
    if (wrote) {
      await target.installations.upsert(from);
      // Removed, within the grace period: the removal time carries over, so its data is deleted on time.
      if (from.removedAt) await target.privacy.markRemoved(id, from.removedAt);
    }
    tally(ctx, 'installations', wrote);
  },
};

const meetingSettings: Step = {
  name: 'meeting settings',
  keys: (db) => column(db, 'SELECT meeting_id FROM meeting_settings ORDER BY meeting_id'),
  async copy(id, source, target, ctx) {
    const from = (await source.storage.meetingSettings.get(id))!;
    const wrote = !same(from, await target.meetingSettings.get(id));
    if (wrote) await target.meetingSettings.put(id, from);
    tally(ctx, 'meeting settings', wrote);
  },
};

const checkIns: Step = {
  name: 'check-ins',
  // In the order they started: a meeting series' question history is kept in that order.
  keys: (db) => column(db, 'SELECT id FROM checkin_sessions ORDER BY started_at, rowid'),
  async copy(id, source, target, ctx) {
    const from = (await source.storage.checkIns.get(id))!;
    let there = await target.checkIns.get(id);
    let wrote = false;
    if (!there) {
      const created = await target.checkIns.create(from);
      if (created.kind !== 'created') ctx.conflict(`not created (${created.kind})`);
      wrote = created.kind === 'created';
    } else if (!same(from, there)) {
      if (from.messageId && from.messageId !== there.messageId) await target.checkIns.setMessageId(id, from.messageId);
      if (from.status === 'closed' && there.status === 'open') await target.checkIns.close(id, from.closedAt ?? from.startedAt);
      there = await target.checkIns.get(id);
      if (!same(from, there)) ctx.conflict('differs from the copy in Azure Tables');
      wrote = true;
    }
    tally(ctx, 'check-ins', wrote);
    // Oldest first, so answers given at the same moment keep their order on the card.
    for (const answer of (await source.storage.checkIns.listAnswers(id)).reverse()) {
      const changed = !same(answer, await target.checkIns.getAnswer(id, answer.person.userId));
      if (changed) await target.checkIns.saveAnswer(answer);
      tally(ctx, 'check-in answers', changed);
    }
  },
};

const programmes: Step = {
  name: 'coffee programmes',
  keys: (db) => column(db, 'SELECT id FROM programmes ORDER BY id'),
  copy: (id, source, target, ctx) => copyProgramme(id, source, target, ctx),
};

const breaks: Step = {
  name: 'breaks',
  keys: (db) => column(db, 'SELECT id FROM breaks ORDER BY id'),
  async copy(id, source, target, ctx) {
    const from = (await source.storage.breaks.get(id))!;
    const wrote = !same(from, await target.breaks.get(id));
    if (wrote) await target.breaks.save(from);
    tally(ctx, 'breaks', wrote);

    const rsvps = source.db.prepare('SELECT * FROM break_rsvps WHERE break_id = ? ORDER BY date, at, user_id').all(id) as RsvpRow[];
    const answered = new Map<string, Awaited<ReturnType<Storage['breaks']['rsvps']>>>();
    for (const row of rsvps) {
      if (!answered.has(row.date)) answered.set(row.date, await target.breaks.rsvps(id, row.date));
      const rsvp = { breakId: id, date: row.date, userId: row.user_id, name: row.name, answer: row.answer as RsvpAnswer, at: new Date(row.at) };
      const changed = !same(
        rsvp,
        answered.get(row.date)!.find((r) => r.userId === row.user_id),
      );
      if (changed) await target.breaks.rsvp(rsvp, row.aad_object_id ?? undefined);
      tally(ctx, 'break answers', changed);
    }

    const topics = source.db.prepare('SELECT * FROM break_topics WHERE break_id = ? ORDER BY created_at, id').all(id) as TopicRow[];
    for (const row of topics) await copyTopic(row, source, target, ctx);

    const reminders = source.db.prepare('SELECT date, posted_at, message_id FROM break_reminders WHERE break_id = ? ORDER BY date').all(id) as {
      date: string;
      posted_at: number;
      message_id: string | null;
    }[];
    for (const r of reminders) {
      // Claiming is the only way to write a claim, and says whether it was there already.
      let changed = await target.breaks.claimReminder(id, r.date, new Date(r.posted_at));
      if (r.message_id && (await target.breaks.reminderMessage(id, r.date)) !== r.message_id) {
        await target.breaks.setReminderMessage(id, r.date, r.message_id);
        changed = true;
      }
      tally(ctx, 'break reminders', changed);
    }
  },
};

async function copyTopic(row: TopicRow, source: Source, target: Storage, ctx: StepContext): Promise<void> {
  const from = (await source.storage.breaks.getTopic(row.id))!;
  const there = await target.breaks.getTopic(row.id);
  const withoutVotes = (t: Topic | undefined) => t && { ...t, votes: [] };
  if (!there) await target.breaks.addTopic({ ...from, votes: [] }, row.author_aad_object_id ?? undefined);
  else if (!same(withoutVotes(from), withoutVotes(there))) ctx.conflict(`topic ${row.id} differs from the copy in Azure Tables`);
  tally(ctx, 'break topics', !there);
  const votes = source.db.prepare('SELECT * FROM topic_votes WHERE topic_id = ? ORDER BY user_id').all(row.id) as VoteRow[];
  for (const vote of votes) {
    const changed = !there?.votes.includes(vote.user_id);
    if (changed) await target.breaks.vote(row.id, vote.user_id, true, vote.aad_object_id ?? undefined);
    tally(ctx, 'topic upvotes', changed);
  }
}

const daysTogether: Step = {
  name: 'days together',
  keys: (db) => column(db, 'SELECT id FROM days_plans ORDER BY id'),
  copy: (id, source, target, ctx) => copyDaysPlan(id, source, target, ctx),
};

/** In this order: a programme before the breaks and days together of its team, a check-in after the installation of its chat. */
export const MIGRATION_STEPS: Step[] = [installations, meetingSettings, checkIns, programmes, breaks, daysTogether];

/**
 * The SQLite tables these steps copy. `jobs` holds only when the daily jobs next run: on Azure
 * Tables they run at the first start, which is harmless (they delete what is already due).
 */
export const COPIED_TABLES = new Set([
  'installations',
  'meeting_settings',
  'checkin_sessions',
  'checkin_answers',
  'programmes',
  'members',
  'blocks',
  'rounds',
  'encounters',
  'deliveries',
  'meet_answers',
  'breaks',
  'break_rsvps',
  'break_topics',
  'topic_votes',
  'break_reminders',
  'days_plans',
  'days_answers',
  'days_talks',
  'days_seatings',
  'jobs',
]);
