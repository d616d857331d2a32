import type { Group } from '../../domain/coffee/model';
import { emptyPersonalData, FORGOTTEN, type PersonIds, type Privacy } from '../../domain/privacy-ports';
import { chatPk, deleteSessionRows, occurrencePk as occurrenceClaimPk, openPk, release, seriesPk, teamPk as teamSessionsPk, toAnswer } from './azure-check-ins';
import { deleteTopicRows, teamPk, topicPk } from './azure-breaks';
import { exportDaysRow, purgeDays, scrubDays } from './azure-days';
import type { People, Target } from './azure-people';
import { DueIndex, mutateProgramme } from './azure-programmes';
import { meetAnswerRk, type Outbox } from './azure-rounds';
import { CONFLICT, optimistic, quote, type Entity, type NewEntity, type Tables } from './azure-table';
import { dropText, getJson, iso, join, key, putJson } from './keys';

/**
 * Forget, export, retention and removal.
 *
 * `forget` and `export` start from the person index (azure-people.ts): each identity's partition
 * lists every row holding it. Each row is deleted or rewritten, and only then its index entry, so
 * a forget cut short by a crash is finished by asking again. Rounds are not in the index (a
 * round names dozens of people): a member row leads to its programme's rounds, which are rewritten
 * before the member row goes.
 *
 * Retention and removal are daily jobs: they scan (Azure Tables filters server-side, but reads
 * every partition), which is acceptable once a day and nowhere else.
 */
export function azurePrivacy(tables: Tables, people: People): Privacy {
  const identitiesOf = async (person: PersonIds) => {
    const userIds = new Set(person.userId ? [person.userId] : []);
    if (person.aadObjectId) for (const id of await people.linked(person.aadObjectId)) userIds.add(id);
    return { userIds: [...userIds], all: [...userIds, ...(person.aadObjectId ? [person.aadObjectId] : [])] };
  };

  /** Every row that holds one of the identities, once each. */
  const tracesOf = async (identities: string[]) => {
    const seen = new Map<string, Target>();
    for (const id of identities) for (const t of await people.traces(id)) seen.set(`${t.table}|${t.pk}|${t.rk}`, t);
    return [...seen.values()];
  };

  return {
    async forget(person) {
      const { userIds, all } = await identitiesOf(person);
      const who = new Set(all);
      const found: Found = { sessions: new Set(), occurrences: new Map(), plans: new Set() };
      for (const target of await tracesOf(all)) {
        await scrub(tables, people, target, who, found);
        await people.drop(target, all);
      }
      for (const id of all) await people.erase(id);
      return { sessions: [...found.sessions], userIds, occurrences: [...found.occurrences.values()], plans: [...found.plans] };
    },

    async export(person) {
      const { userIds, all } = await identitiesOf(person);
      const mine = new Set(userIds);
      const who = new Set(all);
      const data = emptyPersonalData();
      for (const target of await tracesOf(all)) {
        const row = await tables[target.table].get(target.pk, target.rk);
        if (!row) continue;
        exportDaysRow(row, target, who, data);
        if (target.table === 'sessions') {
          const a = toAnswer(row);
          const session = await tables.sessions.get(target.pk, 'session');
          data.checkIns.push({
            sessionId: a.sessionId,
            question: String(session?.question ?? ''),
            answeredAt: iso(a.answeredAt),
            mood: a.mood,
            note: a.note,
            visibility: a.visibility,
            skipped: a.skipped,
          });
        } else if (target.table === 'programmes' && target.rk.startsWith('m|') && mine.has(row.userId as string)) {
          const programme = await tables.programmes.get(target.pk, 'programme');
          data.coffee.push({
            programmeId: row.programmeId as string,
            programme: programme?.name as string | undefined,
            status: row.status as string,
            pausedUntil: row.pausedUntil as string | undefined,
            timeZone: row.timeZone as string | undefined,
            language: row.locale as string | undefined,
            joinedAt: row.joinedAt as string,
          });
          for (const round of await tables.programmes.partition(target.pk, 'r')) {
            const group = (getJson<Group[]>(round, 'groups') ?? []).find((g) => g.members.includes(row.userId as string));
            if (group)
              data.coffeeRounds.push({
                programmeId: round.programmeId as string,
                round: round.seq as number,
                startedAt: round.startedAt as string,
                groupSize: group.members.length,
                captain: group.captain === row.userId,
              });
            const answer = await tables.rounds.get(key(round.roundId as string), meetAnswerRk(row.userId as string));
            if (answer) data.coffeeAnswers.push({ roundId: round.roundId as string, answer: answer.answer as string });
          }
        } else if (target.table === 'programmes' && target.rk.startsWith('b|') && mine.has(row.userId as string)) {
          data.blocks.push({ programmeId: row.programmeId as string, blockedUserId: row.blockedId as string });
        } else if (target.table === 'programmes' && target.rk === 'programme') {
          if ((getJson<string[]>(row, 'organisers') ?? []).some((o) => who.has(o)))
            data.coffeeOrganiser.push({ programmeId: row.id as string, programme: row.name as string | undefined });
        } else if (target.table === 'occurrences' && target.rk.startsWith('r|') && mine.has(row.userId as string)) {
          data.breakRsvps.push({
            breakId: row.breakId as string,
            date: row.date as string,
            name: row.name as string,
            answer: row.answer as string,
          });
        } else if (target.table === 'occurrences' && target.rk.startsWith('t|') && mine.has(row.authorId as string)) {
          data.breakTopics.push({ breakId: row.breakId as string, date: row.date as string, text: row.text as string });
        } else if (target.table === 'occurrences' && target.rk.startsWith('v|') && mine.has(row.userId as string)) {
          const topic = await tables.indexes.get(topicPk(row.topicId as string), 'topic');
          if (topic) data.breakVotes.push({ breakId: topic.breakId as string, date: topic.date as string, topicId: row.topicId as string });
        } else if (target.table === 'breaks' && who.has(row.createdBy as string)) {
          data.breaksSetUp.push({ breakId: row.id as string, title: row.title as string });
        } else if (target.table === 'installations' && who.has(row.installedBy as string)) {
          data.installedHallway.push({
            conversationId: row.conversationId as string,
            conversationType: row.conversationType as string,
            installedAt: row.installedAt as string,
          });
        }
      }
      data.checkIns.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
      data.coffeeRounds.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      return data;
    },

    async expireNotes(before) {
      const rows = await tables.sessions.query(`hasNote eq true and answeredAt lt ${quote(iso(before))}`);
      let expired = 0;
      for (const row of rows) {
        const done = await optimistic('privacy.expireNotes', async () => {
          const e = await tables.sessions.get(row.partitionKey, row.rowKey);
          // Answered again since the scan (a newer note): not due.
          if (e?.hasNote !== true || (e.answeredAt as string) >= iso(before)) return false;
          return (await tables.sessions.replace({ ...e, note: undefined, hasNote: false }, e.etag)) ? true : CONFLICT;
        });
        if (done) expired++;
      }
      return expired;
    },

    async markRemoved(conversationId, at) {
      await tables.installations.merge({ partitionKey: key(conversationId), rowKey: 'installation', removedAt: iso(at) });
    },

    async purgeRemoved(before) {
      const rows = await tables.installations.query(`RowKey eq 'installation' and removedAt lt ${quote(iso(before))}`);
      const ids = rows.map((r) => r.conversationId as string);
      for (const id of ids) await purge(tables, people, id);
      return ids;
    },
  };
}

async function programmeIdOf(tables: Tables, pk: string): Promise<string> {
  return ((await tables.programmes.get(pk, 'programme'))?.id as string | undefined) ?? '';
}

/** What a forget touched that is shown on cards: check-ins, and break occurrences (by "breakId|date"). */
type Found = { sessions: Set<string>; occurrences: Map<string, { breakId: string; date: string }>; plans: Set<string> };

/** Removes the person (`who`: their user ids and object id) from one row. */
async function scrub(tables: Tables, people: People, target: Target, who: Set<string>, found: Found): Promise<void> {
  const { table, pk, rk } = target;
  const shownOn = (at: Record<string, unknown> | undefined) => {
    if (typeof at?.breakId === 'string' && typeof at.date === 'string')
      found.occurrences.set(`${at.breakId}|${at.date}`, { breakId: at.breakId, date: at.date });
  };
  if (table === 'sessions') {
    const row = await tables.sessions.get(pk, rk);
    if (row) found.sessions.add(row.sessionId as string);
    await tables.sessions.delete(pk, rk);
  } else if (table === 'programmes' && rk === 'programme') {
    const id = await programmeIdOf(tables, pk);
    if (id)
      await mutateProgramme(tables, id, (p) =>
        p.organisers.some((o) => who.has(o)) ? { ...p, organisers: p.organisers.filter((o) => !who.has(o)) } : undefined,
      );
  } else if (table === 'programmes' && rk.startsWith('m|')) {
    await scrubRounds(tables, pk, who);
    await tables.programmes.delete(pk, rk);
  } else if (table === 'occurrences' && rk.startsWith('t|')) {
    // The topic goes with everyone's upvotes on it, as SQLite's cascade does.
    const topic = await tables.occurrences.get(pk, rk);
    if (topic) {
      shownOn(topic);
      await deleteTopicRows(tables, people, pk, topic.topicId as string);
      await tables.indexes.delete(topicPk(topic.topicId as string), 'topic');
    }
  } else if (table === 'programmes' || table === 'occurrences') {
    // A block names two people: the other one's index entry goes with the row.
    const row = await tables[table].get(pk, rk);
    if (row && rk.startsWith('r|')) shownOn(row);
    if (row && rk.startsWith('v|')) shownOn(await tables.indexes.get(topicPk(row.topicId as string), 'topic'));
    await tables[table].delete(pk, rk);
    if (row) await people.drop(target, [row.userId as string, row.blockedId as string | undefined, row.aadObjectId as string | undefined]);
  } else if (table === 'installations') {
    // Their 1:1 chat with Hallway is theirs alone; in a team or chat they only lose the credit.
    const row = await tables.installations.get(pk, rk);
    if (row?.conversationType === 'personal' && who.has(row.installedBy as string)) await tables.installations.delete(pk, rk, row.etag);
    else await rewrite(tables, target, (e) => (who.has(e.installedBy as string) ? { ...e, installedBy: undefined } : undefined));
  } else if (table === 'days') {
    const planId = await scrubDays(tables, people, target, who);
    if (planId) found.plans.add(planId);
  } else if (table === 'breaks') {
    await rewrite(tables, target, (e) => (who.has(e.createdBy as string) ? { ...e, createdBy: FORGOTTEN } : undefined));
  }
}

async function rewrite(tables: Tables, target: Target, edit: (e: Entity) => Record<string, unknown> | undefined): Promise<void> {
  const t = tables[target.table];
  await optimistic('privacy rewrite', async () => {
    const e = await t.get(target.pk, target.rk);
    const next = e ? edit(e) : undefined;
    if (!e || !next) return true;
    return (await t.replace(next as NewEntity, e.etag)) ? true : CONFLICT;
  });
}

/** The person's place in a programme's rounds becomes "forgotten"; their deliveries, answers and encounters go. */
async function scrubRounds(tables: Tables, programmePk: string, who: Set<string>): Promise<void> {
  const swap = (id: string) => (who.has(id) ? FORGOTTEN : id);
  for (const round of await tables.programmes.partition(programmePk, 'r')) {
    await rewrite(tables, { table: 'programmes', pk: programmePk, rk: round.rowKey }, (e) => {
      const groups = getJson<Group[]>(e, 'groups') ?? [];
      const unmatched = getJson<string[]>(e, 'unmatched') ?? [];
      const outbox = getJson<Outbox>(e, 'outbox');
      const named = (ids: string[]) => ids.some((id) => who.has(id));
      if (!groups.some((g) => named([...g.members, g.captain, g.starter])) && !named(unmatched) && !outbox) return undefined;
      const next: Record<string, unknown> = { ...e };
      putJson(
        next,
        'groups',
        groups.map((g) => ({ ...g, members: g.members.map(swap), captain: swap(g.captain), starter: swap(g.starter) })),
      );
      putJson(next, 'unmatched', unmatched.map(swap));
      if (outbox) {
        dropText(next, 'outbox');
        putJson(next, 'outbox', {
          deliveries: outbox.deliveries.filter((d) => !who.has(d.userId)),
          silences: outbox.silences.filter((s) => !who.has(s.userId)),
        });
      }
      return next;
    });
    const roundPk = key(round.roundId as string);
    for (const id of who) {
      await tables.rounds.deleteAll(await tables.rounds.partition(roundPk, join('d', key(id))));
      await tables.rounds.delete(roundPk, meetAnswerRk(id));
    }
  }
  for (const row of await tables.programmes.partition(programmePk, 'e')) {
    await rewrite(tables, { table: 'programmes', pk: programmePk, rk: row.rowKey }, (e) => {
      const pairs = getJson<[string, string, number][]>(e, 'encounters') ?? [];
      const kept = pairs.filter(([a, b]) => !who.has(a) && !who.has(b));
      if (kept.length === pairs.length) return undefined;
      const next: Record<string, unknown> = { ...e };
      dropText(next, 'encounters');
      putJson(next, 'encounters', kept);
      return next;
    });
  }
}

/**
 * Deletes everything of a conversation Hallway was removed from: its check-ins (and their
 * meetings' settings) and, for a team, those of meetings in its channels; its coffee programme
 * with rounds, its breaks, and the installation last, so a purge cut short is found and finished
 * by the next daily run.
 */
async function purge(tables: Tables, people: People, conversationId: string): Promise<void> {
  const identities: string[] = [];
  const note = (...ids: unknown[]) => identities.push(...ids.filter((id): id is string => typeof id === 'string' && id !== ''));

  const listed = [...(await tables.checkInKeys.partition(chatPk(conversationId))), ...(await tables.checkInKeys.partition(teamSessionsPk(conversationId)))];
  for (const row of listed) {
    const sessionId = row.sessionId as string;
    // Rows listed under a team name their chat; older chat rows are the conversation's own.
    const chat = (row.conversationId as string | undefined) ?? conversationId;
    if (row.meetingId) await tables.meetingSettings.delete(key(row.meetingId as string), 'settings');
    await release(tables.checkInKeys, openPk(chat), sessionId);
    await release(tables.checkInKeys, occurrenceClaimPk(row.occurrenceKey as string), sessionId);
    const series = await tables.checkInKeys.get(seriesPk(row.seriesKey as string), key(row.occurrenceKey as string));
    if (series?.sessionId === sessionId) await tables.checkInKeys.delete(series.partitionKey, series.rowKey);
    note(...(await deleteSessionRows(tables, people, sessionId)));
    // The chat's listing last, so a purge cut short finds the session again.
    await tables.checkInKeys.delete(chatPk(chat), key(sessionId));
    await tables.checkInKeys.delete(row.partitionKey, row.rowKey);
  }

  const pk = key(conversationId);
  const rows = await tables.programmes.partition(pk);
  for (const row of rows) {
    const target: Target = { table: 'programmes', pk, rk: row.rowKey };
    if (row.rowKey.startsWith('r|')) {
      await tables.rounds.deleteAll(await tables.rounds.partition(key(row.roundId as string)));
      await tables.indexes.delete('rounds', key(row.roundId as string));
    } else if (row.rowKey.startsWith('m|')) {
      await people.drop(target, [row.userId as string, row.aadObjectId as string]);
      note(row.userId, row.aadObjectId);
    } else if (row.rowKey.startsWith('b|')) {
      await people.drop(target, [row.userId as string, row.blockedId as string]);
      note(row.userId, row.blockedId);
    } else if (row.rowKey === 'programme') {
      const organisers = getJson<string[]>(row, 'organisers') ?? [];
      await people.drop(target, organisers);
      note(...organisers);
    }
  }
  await tables.programmes.deleteAll(rows.filter((r) => r.rowKey !== 'programme'));
  await tables.programmes.delete(pk, 'programme');
  await new DueIndex(tables.indexes).remove(conversationId);

  for (const team of await tables.indexes.partition(teamPk(conversationId))) {
    const breakId = team.breakId as string;
    const from = `${key(breakId)}|`;
    const occurrences = await tables.occurrences.query(`PartitionKey ge ${quote(from)} and PartitionKey lt ${quote(`${key(breakId)}}`)}`);
    for (const row of occurrences) {
      const target: Target = { table: 'occurrences', pk: row.partitionKey, rk: row.rowKey };
      const ids = [row.userId, row.authorId, row.aadObjectId, row.authorAadObjectId].filter((id): id is string => typeof id === 'string');
      if (ids.length > 0) {
        await people.drop(target, ids);
        note(...ids);
      }
      if (row.rowKey.startsWith('t|')) await tables.indexes.delete(topicPk(row.topicId as string), 'topic');
    }
    await tables.occurrences.deleteAll(occurrences);
    const b = await tables.breaks.get(key(breakId), 'break');
    if (b) {
      await people.drop({ table: 'breaks', pk: key(breakId), rk: 'break' }, [b.createdBy as string]);
      note(b.createdBy);
    }
    await tables.indexes.delete('breaks', key(breakId));
    await tables.breaks.delete(key(breakId), 'break');
    await tables.indexes.delete(team.partitionKey, team.rowKey);
  }

  note(...(await purgeDays(tables, people, conversationId)));

  const installation = await tables.installations.get(pk, 'installation');
  if (installation?.installedBy) {
    await people.drop({ table: 'installations', pk, rk: 'installation' }, [installation.installedBy as string]);
    note(installation.installedBy);
  }
  await tables.installations.delete(pk, 'installation');
  await people.prune(identities);
}
