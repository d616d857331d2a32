import type { Break, Rsvp, RsvpAnswer, Topic } from '../../domain/breaks/model';
import type { Breaks } from '../../domain/breaks/ports';
import type { People, Target } from './azure-people';
import { CONFLICT, eachLimited, optimistic, quote, type Entity, type NewEntity, type Table, type Tables } from './azure-table';
import { getJson, iso, isoOrUndefined, join, key, putJson, toDate } from './keys';

/**
 * Team coffee breaks.
 *
 * Breaks table, partition = break id, one row `break`.
 * Occurrences table, partition = break id + local date, so everything about one occurrence is one
 * partition query: `r|<user>` RSVPs, `t|<topic>` topics, `v|<topic>|<user>` upvotes, `reminder`
 * (inserted once: the insert that does not collide owns the reminder).
 * Indexes table: `team|<programme>` / <break> lists a team's breaks; `breaks` / <break> the breaks
 * not deleted (for reminders); `topic|<topic>` / topic says which occurrence a topic is in. Index
 * rows are written before the row they point to and the pointed-to row is re-read, so an index
 * never hides a break; a deleted break leaves the `breaks` index after its row says so.
 */
const BREAK = 'break';
const REMINDER = 'reminder';
const ACTIVE = 'breaks';
export const teamPk = (programmeId: string) => join('team', key(programmeId));
export const topicPk = (topicId: string) => join('topic', key(topicId));
export const occurrencePk = (breakId: string, date: string) => join(key(breakId), key(date));
export const rsvpRk = (userId: string) => join('r', key(userId));
export const topicRk = (topicId: string) => join('t', key(topicId));
export const voteRk = (topicId: string, userId: string) => join('v', key(topicId), key(userId));

export function azureBreaks(tables: Tables, people: People): Breaks {
  const t = tables.breaks;
  const occ = tables.occurrences;
  const idx = tables.indexes;

  const read = async (id: string) => {
    const e = await t.get(key(id), BREAK);
    return e ? toBreak(e) : undefined;
  };
  const readAll = async (rows: Entity[]) =>
    (
      await eachLimited(
        rows.map((r) => r.breakId as string),
        16,
        read,
      )
    ).filter((b): b is Break => Boolean(b && !b.deletedAt));
  const where = async (topicId: string) => {
    const e = await idx.get(topicPk(topicId), 'topic');
    return e ? { pk: occurrencePk(e.breakId as string, e.date as string), breakId: e.breakId as string, date: e.date as string } : undefined;
  };
  const votesOf = async (pk: string, topicId: string) =>
    (await occ.partition(pk, join('v', key(topicId)))).sort(
      (a, b) => String(a.votedAt).localeCompare(String(b.votedAt)) || String(a.userId).localeCompare(String(b.userId)),
    );

  return {
    async save(b) {
      await optimistic('breaks.save', async () => {
        const existing = await t.get(key(b.id), BREAK);
        // As in SQLite: the team, the creator and the creation time are those of the first save.
        const kept = existing
          ? {
              programmeId: existing.programmeId as string,
              createdBy: existing.createdBy as string,
              createdAt: existing.createdAt as string,
            }
          : { programmeId: b.programmeId, createdBy: b.createdBy, createdAt: iso(b.createdAt) };
        if (!existing) {
          await people.note({ table: 'breaks', pk: key(b.id), rk: BREAK }, [b.createdBy]);
          await idx.upsert({ partitionKey: teamPk(kept.programmeId), rowKey: key(b.id), breakId: b.id });
        }
        if (!b.deletedAt) await idx.upsert({ partitionKey: ACTIVE, rowKey: key(b.id), breakId: b.id, programmeId: kept.programmeId });
        const e = breakEntity(b, kept);
        if (!(existing ? await t.replace(e, existing.etag) : await t.create(e))) return CONFLICT;
        if (b.deletedAt) {
          await idx.delete(ACTIVE, key(b.id));
          // A concurrent save may have undeleted it between our write and the index delete.
          const now = await read(b.id);
          if (now && !now.deletedAt) await idx.upsert({ partitionKey: ACTIVE, rowKey: key(b.id), breakId: b.id, programmeId: kept.programmeId });
        }
        return true;
      });
    },
    get: read,
    async list(programmeId) {
      return (await readAll(await idx.partition(teamPk(programmeId)))).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async active() {
      return readAll(await idx.partition(ACTIVE));
    },

    async rsvp(r, aadObjectId) {
      const pk = occurrencePk(r.breakId, r.date);
      await Promise.all([people.note({ table: 'occurrences', pk, rk: rsvpRk(r.userId) }, [r.userId, aadObjectId]), people.link(r.userId, aadObjectId)]);
      await occ.upsert({
        partitionKey: pk,
        rowKey: rsvpRk(r.userId),
        breakId: r.breakId,
        date: r.date,
        userId: r.userId,
        aadObjectId,
        name: r.name,
        answer: r.answer,
        at: iso(r.at),
      });
    },
    async rsvps(breakId, date) {
      const rows = await occ.partition(occurrencePk(breakId, date), 'r');
      rows.sort((a, b) => String(a.at).localeCompare(String(b.at)) || String(a.userId).localeCompare(String(b.userId)));
      return rows.map(
        (e): Rsvp => ({
          breakId,
          date,
          userId: e.userId as string,
          name: e.name as string,
          answer: e.answer as RsvpAnswer,
          at: toDate(e.at)!,
        }),
      );
    },

    async addTopic(topic, authorAadObjectId) {
      const pk = occurrencePk(topic.breakId, topic.date);
      await idx.upsert({ partitionKey: topicPk(topic.id), rowKey: 'topic', breakId: topic.breakId, date: topic.date });
      await Promise.all([
        people.note({ table: 'occurrences', pk, rk: topicRk(topic.id) }, [topic.authorId, authorAadObjectId]),
        people.link(topic.authorId, authorAadObjectId),
      ]);
      const created = await occ.create({
        partitionKey: pk,
        rowKey: topicRk(topic.id),
        topicId: topic.id,
        breakId: topic.breakId,
        date: topic.date,
        authorId: topic.authorId,
        authorAadObjectId,
        authorName: topic.authorName,
        text: topic.text,
        createdAt: iso(topic.createdAt),
      });
      if (!created) throw new Error(`topic ${topic.id} exists already`);
    },
    async getTopic(id) {
      const w = await where(id);
      const e = w ? await occ.get(w.pk, topicRk(id)) : undefined;
      return e ? toTopic(e, await votesOf(w!.pk, id)) : undefined;
    },
    async deleteTopic(id) {
      const w = await where(id);
      if (!w) return;
      await deleteTopicRows(tables, people, w.pk, id);
      await idx.delete(topicPk(id), 'topic');
    },
    async vote(topicId, userId, on, aadObjectId) {
      const w = await where(topicId);
      if (!w) return;
      const target: Target = { table: 'occurrences', pk: w.pk, rk: voteRk(topicId, userId) };
      if (on) {
        await Promise.all([people.note(target, [userId, aadObjectId]), people.link(userId, aadObjectId)]);
        await occ.create({ partitionKey: w.pk, rowKey: voteRk(topicId, userId), topicId, userId, aadObjectId, votedAt: iso(new Date()) });
      } else {
        const vote = await occ.get(w.pk, voteRk(topicId, userId));
        await occ.delete(w.pk, voteRk(topicId, userId));
        await people.drop(target, [userId, vote?.aadObjectId as string | undefined]);
      }
    },
    async topics(breakId, date) {
      const rows = await occ.query(`PartitionKey eq ${quote(occurrencePk(breakId, date))} and RowKey ge 't|' and RowKey lt 'v}'`);
      const votes = rows.filter((r) => r.rowKey.startsWith('v|')).sort((a, b) => String(a.votedAt).localeCompare(String(b.votedAt)));
      return rows
        .filter((r) => r.rowKey.startsWith('t|'))
        .map((r) =>
          toTopic(
            r,
            votes.filter((v) => v.topicId === r.topicId),
          ),
        )
        .sort((a, b) => b.votes.length - a.votes.length || a.createdAt.getTime() - b.createdAt.getTime());
    },

    async claimReminder(breakId, date, at) {
      return occ.create({ partitionKey: occurrencePk(breakId, date), rowKey: REMINDER, breakId, date, postedAt: iso(at) });
    },
    async releaseReminder(breakId, date) {
      await optimistic('breaks.releaseReminder', async () => {
        const row = await occ.get(occurrencePk(breakId, date), REMINDER);
        // Once posted (its message id stored) the reminder stays claimed.
        if (!row || row.messageId !== undefined) return true;
        return (await occ.delete(row.partitionKey, REMINDER, row.etag)) ? true : CONFLICT;
      });
    },
    async setReminderMessage(breakId, date, messageId) {
      await occ.merge({ partitionKey: occurrencePk(breakId, date), rowKey: REMINDER, messageId });
    },
    async reminderMessage(breakId, date) {
      return (await occ.get(occurrencePk(breakId, date), REMINDER))?.messageId as string | undefined;
    },
  };
}

/** Deletes a topic and its upvotes, with their index entries (the topic row last, so a retry finds the votes). */
export async function deleteTopicRows(tables: Tables, people: People, pk: string, topicId: string): Promise<void> {
  const occ: Table = tables.occurrences;
  const votes = await occ.partition(pk, join('v', key(topicId)));
  for (const v of votes) await people.drop({ table: 'occurrences', pk, rk: v.rowKey }, [v.userId as string, v.aadObjectId as string | undefined]);
  await occ.deleteAll(votes);
  const topic = await occ.get(pk, topicRk(topicId));
  if (topic) {
    await occ.delete(pk, topic.rowKey);
    await people.drop({ table: 'occurrences', pk, rk: topic.rowKey }, [topic.authorId as string, topic.authorAadObjectId as string | undefined]);
  }
}

function breakEntity(b: Break, kept: { programmeId: string; createdBy: string; createdAt: string }): NewEntity {
  const e: Record<string, unknown> = {
    partitionKey: key(b.id),
    rowKey: BREAK,
    id: b.id,
    programmeId: kept.programmeId,
    title: b.title,
    time: b.time,
    timeZone: b.timeZone,
    durationMinutes: b.durationMinutes,
    joinUrl: b.joinUrl,
    reminderMinutes: b.reminderMinutes,
    createdBy: kept.createdBy,
    createdAt: kept.createdAt,
    deletedAt: isoOrUndefined(b.deletedAt),
  };
  putJson(e, 'weekdays', b.weekdays);
  putJson(e, 'skippedDates', b.skippedDates);
  putJson(e, 'channelReference', b.channelReference);
  return e as NewEntity;
}

export function toBreak(e: Entity): Break {
  return {
    id: e.id as string,
    programmeId: e.programmeId as string,
    title: e.title as string,
    weekdays: getJson<number[]>(e, 'weekdays') ?? [],
    time: e.time as string,
    timeZone: e.timeZone as string,
    durationMinutes: e.durationMinutes as number,
    joinUrl: e.joinUrl as string | undefined,
    reminderMinutes: e.reminderMinutes as number,
    skippedDates: getJson<string[]>(e, 'skippedDates') ?? [],
    channelReference: getJson(e, 'channelReference'),
    createdBy: e.createdBy as string,
    createdAt: toDate(e.createdAt)!,
    deletedAt: toDate(e.deletedAt),
  };
}

function toTopic(e: Entity, votes: Entity[]): Topic {
  return {
    id: e.topicId as string,
    breakId: e.breakId as string,
    date: e.date as string,
    authorId: e.authorId as string,
    authorName: e.authorName as string,
    text: e.text as string,
    createdAt: toDate(e.createdAt)!,
    votes: votes.map((v) => v.userId as string),
  };
}
