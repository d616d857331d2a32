import type { DayAnswer, DaysPlan, SeatingDay, TalkRequest } from '../../domain/days/model';
import type { DaysTogether } from '../../domain/days/ports';
import { FORGOTTEN, type PersonalData } from '../../domain/privacy-ports';
import type { People, Target } from './azure-people';
import { CONFLICT, eachLimited, optimistic, type Entity, type NewEntity, type Tables } from './azure-table';
import { dropText, getJson, iso, isoOrUndefined, join, key, putJson, toDate } from './keys';

/**
 * Days together.
 *
 * Days table, partition = plan id: `plan`, `a|<date>|<user>` answers, `seating` (the social plan),
 * `card` (the channel message showing the plan), `t|<request>` face-to-face requests, `m|<user>`
 * answers to "Did you meet someone new?".
 * Indexes table: `days|<programme>` / <plan> lists a team's plans; `days-active` / <plan> the plans
 * not cancelled. Index rows are written before the plan row and the plan re-read, so an index never
 * hides a plan. The person index notes the plan row under its organiser, each answer under its
 * person, and the seating under everyone it seats, so forget me finds all of them.
 */
const PLAN = 'plan';
const SEATING = 'seating';
const CARD = 'card';
const ACTIVE = 'days-active';
export const daysTeamPk = (programmeId: string) => join('days', key(programmeId));
const answerRk = (date: string, userId: string) => join('a', key(date), key(userId));
const talkRk = (id: string) => join('t', key(id));
const metRk = (userId: string) => join('m', key(userId));

export function azureDays(tables: Tables, people: People): DaysTogether {
  const t = tables.days;
  const idx = tables.indexes;
  const read = async (id: string) => {
    const e = await t.get(key(id), PLAN);
    return e ? toPlan(e) : undefined;
  };
  const readAll = async (rows: Entity[]) =>
    (
      await eachLimited(
        rows.map((r) => r.planId as string),
        16,
        read,
      )
    )
      .filter((p): p is DaysPlan => Boolean(p && !p.cancelledAt))
      .sort((a, b) => a.dates[0]!.localeCompare(b.dates[0]!) || a.createdAt.getTime() - b.createdAt.getTime());

  return {
    async save(p) {
      await optimistic('days.save', async () => {
        const existing = await t.get(key(p.id), PLAN);
        // As in SQLite: the team, the organiser and the creation time are those of the first save.
        const kept = existing
          ? { programmeId: existing.programmeId as string, organiser: existing.organiser as string, createdAt: existing.createdAt as string }
          : { programmeId: p.programmeId, organiser: p.organiser, createdAt: iso(p.createdAt) };
        if (!existing) {
          await people.note({ table: 'days', pk: key(p.id), rk: PLAN }, [p.organiser]);
          await idx.upsert({ partitionKey: daysTeamPk(kept.programmeId), rowKey: key(p.id), planId: p.id });
        }
        if (!p.cancelledAt) await idx.upsert({ partitionKey: ACTIVE, rowKey: key(p.id), planId: p.id });
        const e = planEntity(p, kept);
        if (!(existing ? await t.replace(e, existing.etag) : await t.create(e))) return CONFLICT;
        if (p.cancelledAt) await idx.delete(ACTIVE, key(p.id));
        return true;
      });
    },
    get: read,
    async list(programmeId) {
      return readAll(await idx.partition(daysTeamPk(programmeId)));
    },
    async active() {
      return readAll(await idx.partition(ACTIVE));
    },
    async answer(a, aadObjectId) {
      const pk = key(a.planId);
      const rk = answerRk(a.date, a.userId);
      await Promise.all([people.note({ table: 'days', pk, rk }, [a.userId, aadObjectId]), people.link(a.userId, aadObjectId)]);
      await t.upsert({
        partitionKey: pk,
        rowKey: rk,
        planId: a.planId,
        date: a.date,
        userId: a.userId,
        aadObjectId,
        name: a.name,
        coming: a.coming,
        at: iso(a.at),
      });
    },
    async answers(planId) {
      const rows = await t.partition(key(planId), 'a');
      rows.sort(
        (x, y) => String(x.date).localeCompare(String(y.date)) || String(x.at).localeCompare(String(y.at)) || String(x.userId).localeCompare(String(y.userId)),
      );
      return rows.map(toAnswer);
    },
    async saveSeating(s) {
      const pk = key(s.planId);
      await people.note({ table: 'days', pk, rk: SEATING }, seated(s.days));
      const e: Record<string, unknown> = { partitionKey: pk, rowKey: SEATING, planId: s.planId, drawnAt: iso(s.drawnAt) };
      putJson(e, 'days', s.days);
      await t.upsert(e as NewEntity);
    },
    async seating(planId) {
      const e = await t.get(key(planId), SEATING);
      return e ? { planId, drawnAt: toDate(e.drawnAt)!, days: getJson<SeatingDay[]>(e, 'days') ?? [] } : undefined;
    },
    async askTalk(r, ids) {
      const pk = key(r.planId);
      await Promise.all([
        people.note({ table: 'days', pk, rk: talkRk(r.id) }, [r.fromUserId, ids.from, r.toUserId, ids.to]),
        people.link(r.fromUserId, ids.from),
        people.link(r.toUserId, ids.to),
      ]);
      await t.create({
        partitionKey: pk,
        rowKey: talkRk(r.id),
        requestId: r.id,
        planId: r.planId,
        fromUserId: r.fromUserId,
        fromAadObjectId: ids.from,
        fromName: r.fromName,
        toUserId: r.toUserId,
        toAadObjectId: ids.to,
        toName: r.toName,
        status: r.status,
        at: iso(r.at),
      });
    },
    async talks(planId) {
      const rows = await t.partition(key(planId), 't');
      rows.sort((x, y) => String(x.at).localeCompare(String(y.at)) || String(x.requestId).localeCompare(String(y.requestId)));
      return rows.map(
        (e): TalkRequest => ({
          id: e.requestId as string,
          planId: e.planId as string,
          fromUserId: e.fromUserId as string,
          fromName: e.fromName as string,
          toUserId: e.toUserId as string,
          toName: e.toName as string,
          status: e.status as TalkRequest['status'],
          at: toDate(e.at)!,
        }),
      );
    },
    async setTalkStatus(planId, requestId, status, at) {
      await t.merge({ partitionKey: key(planId), rowKey: talkRk(requestId), status, at: iso(at) });
    },
    async recordMet(planId, userId, met, at, aadObjectId) {
      const pk = key(planId);
      await Promise.all([people.note({ table: 'days', pk, rk: metRk(userId) }, [userId, aadObjectId]), people.link(userId, aadObjectId)]);
      await t.upsert({ partitionKey: pk, rowKey: metRk(userId), planId, userId, aadObjectId, met, at: iso(at) });
    },
    async metAnswers(planId) {
      const rows = await t.partition(key(planId), 'm');
      rows.sort((x, y) => String(x.at).localeCompare(String(y.at)) || String(x.userId).localeCompare(String(y.userId)));
      return rows.map((e) => ({ userId: e.userId as string, met: e.met === true }));
    },
    async setCardMessage(planId, messageId) {
      await t.upsert({ partitionKey: key(planId), rowKey: CARD, messageId });
    },
    async cardMessage(planId) {
      return (await t.get(key(planId), CARD))?.messageId as string | undefined;
    },
  };
}

/** Every identity a row of the Days table holds (an answer, a plan's organiser, both people of a request). */
const idsIn = (row: Entity): string[] =>
  [row.userId, row.aadObjectId, row.organiser, row.fromUserId, row.fromAadObjectId, row.toUserId, row.toAadObjectId].filter(
    (id): id is string => typeof id === 'string',
  );

const seated = (days: SeatingDay[]): string[] => [...new Set(days.flatMap((d) => [...d.tables.flat(), ...d.walks.flat()]))];

function planEntity(p: DaysPlan, kept: { programmeId: string; organiser: string; createdAt: string }): NewEntity {
  const e: Record<string, unknown> = {
    partitionKey: key(p.id),
    rowKey: PLAN,
    id: p.id,
    programmeId: kept.programmeId,
    place: p.place,
    link: p.link,
    timeZone: p.timeZone,
    organiser: kept.organiser,
    createdAt: kept.createdAt,
    cancelledAt: isoOrUndefined(p.cancelledAt),
  };
  putJson(e, 'dates', p.dates);
  putJson(e, 'channelReference', p.channelReference);
  return e as NewEntity;
}

function toPlan(e: Entity): DaysPlan {
  return {
    id: e.id as string,
    programmeId: e.programmeId as string,
    dates: getJson<string[]>(e, 'dates') ?? [],
    place: e.place as string,
    link: e.link as string | undefined,
    timeZone: e.timeZone as string,
    organiser: e.organiser as string,
    channelReference: getJson(e, 'channelReference'),
    createdAt: toDate(e.createdAt)!,
    cancelledAt: toDate(e.cancelledAt),
  };
}

const toAnswer = (e: Entity): DayAnswer => ({
  planId: e.planId as string,
  date: e.date as string,
  userId: e.userId as string,
  name: e.name as string,
  coming: e.coming === true,
  at: toDate(e.at)!,
});

/**
 * Forget me in days together: an answer goes; a plan or seating that names the person names
 * "forgotten" instead. Returns the plan when its card showed the person (an answer, a table).
 */
export async function scrubDays(tables: Tables, people: People, target: Target, who: Set<string>): Promise<string | undefined> {
  const t = tables.days;
  let shown: string | undefined;
  await optimistic('days forget', async () => {
    const e = await t.get(target.pk, target.rk);
    if (!e) return true;
    if (target.rk.startsWith('a|') || target.rk === SEATING) shown = e.planId as string;
    if (target.rk.startsWith('a|') || target.rk.startsWith('t|') || target.rk.startsWith('m|')) {
      // An answer is the person's own; a face-to-face request names two people and goes whole.
      await t.delete(target.pk, target.rk);
      await people.drop(target, idsIn(e));
      return true;
    }
    const next: Record<string, unknown> = { ...e };
    if (target.rk === PLAN && who.has(e.organiser as string)) next.organiser = FORGOTTEN;
    if (target.rk === SEATING) {
      const swap = (group: string[]) => group.map((id) => (who.has(id) ? FORGOTTEN : id));
      const days = (getJson<SeatingDay[]>(e, 'days') ?? []).map((d) => ({ ...d, tables: d.tables.map(swap), walks: d.walks.map(swap) }));
      dropText(next, 'days');
      putJson(next, 'days', days);
    }
    return (await t.replace(next as NewEntity, e.etag)) ? true : CONFLICT;
  });
  return shown;
}

/** Adds one indexed row of days together to a person's export. */
export function exportDaysRow(row: Entity, target: Target, who: Set<string>, data: PersonalData): void {
  if (target.table !== 'days') return;
  if (target.rk.startsWith('a|') && who.has(row.userId as string)) {
    data.daysTogether.push({ planId: row.planId as string, date: row.date as string, coming: row.coming === true });
  } else if (target.rk.startsWith('m|') && who.has(row.userId as string)) {
    data.daysMetSomeoneNew.push({ planId: row.planId as string, met: row.met === true });
  } else if (target.rk.startsWith('t|') && (who.has(row.fromUserId as string) || who.has(row.toUserId as string))) {
    const asked = who.has(row.fromUserId as string);
    data.daysTalks.push({ planId: row.planId as string, asked, with: (asked ? row.toName : row.fromName) as string, status: row.status as string });
  } else if (target.rk === PLAN && who.has(row.organiser as string)) {
    data.daysOrganised.push({ planId: row.id as string, place: row.place as string });
  }
}

/** Deletes a removed team's days together with their index entries; returns the identities they held. */
export async function purgeDays(tables: Tables, people: People, programmeId: string): Promise<string[]> {
  const identities: string[] = [];
  for (const listed of await tables.indexes.partition(daysTeamPk(programmeId))) {
    const pk = key(listed.planId as string);
    const rows = await tables.days.partition(pk);
    for (const row of rows) {
      const ids = row.rowKey === SEATING ? seated(getJson<SeatingDay[]>(row, 'days') ?? []) : idsIn(row);
      await people.drop({ table: 'days', pk, rk: row.rowKey }, ids);
      identities.push(...ids);
    }
    await tables.days.deleteAll(rows);
    await tables.indexes.delete(ACTIVE, pk);
    await tables.indexes.delete(listed.partitionKey, listed.rowKey);
  }
  return identities;
}
