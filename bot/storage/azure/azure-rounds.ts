import type { TransactionAction } from '@azure/data-tables';
import type { Delivery, DeliveryKind, Encounter, Group, MeetAnswer, Round, RoundStatus } from '../../domain/coffee/model';
import type { Rounds, SilenceUpdate } from '../../domain/coffee/ports';
import { DueIndex, memberRk, PROGRAMME, programmeEntity, toProgramme } from './azure-programmes';
import { CONFLICT, eachLimited, MAX_BATCH, optimistic, quote, type Entity, type NewEntity, type Tables } from './azure-table';
import { dropText, getJson, iso, isoOrUndefined, join, key, putJson, seqKey, toDate } from './keys';

/**
 * Coffee rounds.
 *
 * Programmes table (the programme's partition): `r|<seq>` is the round (groups, status, times),
 * `e|<seq>` its encounters. Starting a round is ONE entity-group transaction there: the programme
 * row moves from seq-1 to seq under its ETag, and the round and encounter rows are inserted. Of
 * any number of instances starting the same round, exactly one transaction commits.
 *
 * Rounds table, partition = round id: `round` (where the round lives), `d|<user>|<kind>` one per
 * delivery (claimed under its ETag with a lease), `m|<user>` answers to "Did you meet?".
 *
 * Indexes table, partition `rounds`, row = round id: the rounds that still have work (a
 * follow-up to send, deliveries to make), so the scheduler never scans. Rows go once the round is
 * closed and nothing is left to deliver.
 *
 * Closing a round stores the members' silence counts with it in one transaction (same partition).
 * Messages (another partition), and the counts of a team too large for one transaction (100
 * operations), ride in the committed round row as an outbox: the transaction commits them, and
 * they are then copied into place with idempotent writes (insert-if-missing, set-to-value). A
 * crash in between leaves the outbox, and the next scheduler pass (roundsWithPendingDeliveries)
 * finishes it. The index row is written before the commit, so such a round is always found; an
 * index row whose round never committed (a crash before the commit) goes after `orphanMs`.
 */
const ROUND = 'round';
const INDEX = 'rounds';

export type RoundTimings = {
  /** An index row whose round never committed is removed this long after it was written. */
  orphanMs: number;
  /** An index row is only let go this long after its last change, so a writer mid-way is never missed. */
  settleMs: number;
};
export const ROUND_TIMINGS: RoundTimings = { orphanMs: 10 * 60_000, settleMs: 60_000 };

export const roundRk = (seq: number) => join('r', seqKey(seq));
export const encountersRk = (seq: number) => join('e', seqKey(seq));
export const deliveryRk = (userId: string, kind: DeliveryKind) => join('d', key(userId), kind);
export const meetAnswerRk = (userId: string) => join('m', key(userId));

type Place = { roundId: string; programmeId: string; seq: number };
type DeliveryJson = Omit<Delivery, 'updatedAt' | 'claimedUntil'> & { updatedAt: string };
type SilenceJson = Omit<SilenceUpdate, 'pausedUntil'> & { pausedUntil?: string };
export type Outbox = { deliveries: DeliveryJson[]; silences: SilenceJson[] };

export function azureRounds(tables: Tables, timings: RoundTimings = ROUND_TIMINGS): Rounds {
  const programmes = tables.programmes;
  const rounds = tables.rounds;
  const index = tables.indexes;
  const due = new DueIndex(tables.indexes);

  const place = async (roundId: string): Promise<Place | undefined> => {
    const h = await rounds.get(key(roundId), ROUND);
    return h ? { roundId, programmeId: h.programmeId as string, seq: h.seq as number } : undefined;
  };
  const roundRow = async (p: Place) => {
    const e = await programmes.get(key(p.programmeId), roundRk(p.seq));
    return e?.roundId === p.roundId ? e : undefined;
  };
  /** Upserts the index row: used before work is added, so a crash right after still leaves it findable. */
  const touch = (p: Place, fields: Record<string, unknown>) =>
    index.upsert(
      {
        partitionKey: INDEX,
        rowKey: key(p.roundId),
        roundId: p.roundId,
        programmeId: p.programmeId,
        seq: p.seq,
        touchedAt: iso(new Date()),
        ...fields,
      },
      'Merge',
    );

  const writeDeliveries = async (list: DeliveryJson[]) => {
    const stamp = String(Date.now()).padStart(15, '0');
    await rounds.insertMissing(list.map((d, i) => deliveryEntity(d, `${stamp}|${String(i).padStart(6, '0')}`)));
  };

  const applySilence = (s: SilenceJson) =>
    optimistic('member silence', async () => {
      const m = await programmes.get(key(s.programmeId), memberRk(s.userId));
      if (!m) return true;
      const next = { ...m, silentRounds: s.silentRounds, pausedUntil: s.pausedUntil ?? m.pausedUntil };
      return (await programmes.replace(next, m.etag)) ? true : CONFLICT;
    });

  /** Copies a committed round's outbox into place, then empties it. Safe to repeat. */
  const applyOutbox = async (p: Place) => {
    const row = await roundRow(p);
    const outbox = row ? getJson<Outbox>(row, 'outbox') : undefined;
    if (outbox) {
      for (const s of outbox.silences) await applySilence(s);
      await writeDeliveries(outbox.deliveries);
      await optimistic('round outbox', async () => {
        const r = await roundRow(p);
        if (!r || r.outboxParts === undefined) return true;
        dropText(r, 'outbox');
        return (await programmes.replace(r, r.etag)) ? true : CONFLICT;
      });
    }
    // Only if the row is still there: settle() may have removed it.
    await index.merge({ partitionKey: INDEX, rowKey: key(p.roundId), outbox: false, touchedAt: iso(new Date()) });
  };

  /** The round an index row points at; removes the row (and its round partition) when its round never committed. */
  const resolve = async (row: Entity): Promise<Entity | undefined> => {
    const p = { roundId: row.roundId as string, programmeId: row.programmeId as string, seq: row.seq as number };
    const round = await roundRow(p);
    if (!round && Date.now() - Date.parse(row.touchedAt as string) > timings.orphanMs) {
      if (await index.delete(INDEX, row.rowKey, row.etag)) await rounds.deleteAll(await rounds.partition(key(p.roundId)));
    }
    return round;
  };

  /** Nothing left to deliver: the row goes when the round is closed, or stops being looked at. */
  const settle = async (row: Entity, round: Entity) => {
    if (Date.now() - Date.parse(row.touchedAt as string) < timings.settleMs) return;
    if (round.status === 'closed') await index.delete(INDEX, row.rowKey, row.etag);
    else await index.merge({ partitionKey: INDEX, rowKey: row.rowKey, work: false }, row.etag);
  };

  /** The round is closed: its index row goes now if nothing is left to deliver, else once that is done. */
  const markClosed = (roundId: string) =>
    optimistic('round index', async () => {
      const row = await index.get(INDEX, key(roundId));
      if (!row) return true;
      const done =
        row.work !== true
          ? await index.delete(INDEX, row.rowKey, row.etag)
          : await index.merge({ partitionKey: INDEX, rowKey: row.rowKey, closed: true }, row.etag);
      return done ? true : CONFLICT;
    });

  return {
    async start(round, list, encounters, nextRoundAt) {
      const p: Place = { roundId: round.id, programmeId: round.programmeId, seq: round.seq };
      let prepared = false;
      const result = await optimistic<'started' | 'already-claimed'>('rounds.start', async () => {
        const e = await programmes.get(key(round.programmeId), PROGRAMME);
        if (!e || e.roundSeq !== round.seq - 1) return 'already-claimed';
        if (!prepared) {
          // Before the commit, so that whatever happens after it, the round is found.
          await rounds.upsert({
            partitionKey: key(round.id),
            rowKey: ROUND,
            roundId: round.id,
            programmeId: round.programmeId,
            seq: round.seq,
          });
          await touch(p, { startedAt: iso(round.startedAt), followUpAt: iso(round.followUpAt), closed: false, work: true, outbox: true });
          prepared = true;
        }
        const next = { ...toProgramme(e), roundSeq: round.seq, nextRoundAt };
        const version = (e.version as number) + 1;
        await due.lower(next);
        const outbox: Outbox = { deliveries: list.map(deliveryJson), silences: [] };
        const committed = await programmes.transact([
          ['update', programmeEntity(next, version), 'Replace', { etag: e.etag }],
          ['create', roundEntity(round, outbox)],
          ['create', encountersEntity(round.programmeId, round.seq, encounters)],
        ] as TransactionAction[]);
        if (!committed) return CONFLICT; // read again: another round started, or the programme changed
        await due.sync(next, version);
        return 'started';
      });
      if (result === 'already-claimed') {
        if (prepared) {
          await index.delete(INDEX, key(round.id));
          await rounds.delete(key(round.id), ROUND);
        }
        return { kind: 'already-claimed' };
      }
      await applyOutbox(p);
      return { kind: 'started' };
    },

    async get(roundId) {
      const p = await place(roundId);
      const e = p ? await roundRow(p) : undefined;
      return e ? toRound(e) : undefined;
    },

    async latest(programmeId) {
      const e = await programmes.get(key(programmeId), PROGRAMME);
      if (!e?.roundSeq) return undefined;
      const r = await programmes.get(key(programmeId), roundRk(e.roundSeq as number));
      return r ? toRound(r) : undefined;
    },

    async setStatus(roundId, status, at) {
      const p = await place(roundId);
      if (!p) return;
      await optimistic('rounds.setStatus', async () => {
        const r = await roundRow(p);
        if (!r) return true;
        const closedAt = status === 'closed' ? iso(at) : r.closedAt;
        return (await programmes.replace({ ...r, status, closedAt }, r.etag)) ? true : CONFLICT;
      });
      if (status === 'closed') await markClosed(roundId);
    },

    async close(roundId, at, silences = [], list = []) {
      const p = await place(roundId);
      if (!p) return false;
      // The members' silence counts share the round's partition: they are stored with the close in
      // one transaction when they fit in it. A larger team's ride in the outbox with the messages.
      const inBatch = silences.length < MAX_BATCH && silences.every((s) => s.programmeId === p.programmeId) ? silences : [];
      const outbox: Outbox = {
        deliveries: list.map(deliveryJson),
        silences: silences.filter((s) => !inBatch.includes(s)).map((s) => ({ ...s, pausedUntil: isoOrUndefined(s.pausedUntil) })),
      };
      const hasWork = outbox.deliveries.length > 0 || outbox.silences.length > 0;
      if (hasWork) await touch(p, { work: true, outbox: true });
      const closed = await optimistic('rounds.close', async () => {
        const r = await roundRow(p);
        if (!r || r.status === 'closed') return false;
        const next: Record<string, unknown> = { ...r, status: 'closed', closedAt: iso(at) };
        if (hasWork) putJson(next, 'outbox', outbox);
        const members = await Promise.all(inBatch.map((s) => programmes.get(key(p.programmeId), memberRk(s.userId))));
        const counts = inBatch.flatMap((s, i) => {
          const m = members[i];
          const counted = m && { ...m, silentRounds: s.silentRounds, pausedUntil: isoOrUndefined(s.pausedUntil) ?? m.pausedUntil };
          return counted ? [['update', counted, 'Replace', { etag: m.etag }] as TransactionAction] : [];
        });
        return (await programmes.transact([['update', next as NewEntity, 'Replace', { etag: r.etag }], ...counts])) ? true : CONFLICT;
      });
      if (!closed) return false;
      if (hasWork) await applyOutbox(p);
      await markClosed(roundId);
      return true;
    },

    async dueFollowUps(now) {
      const rows = await index.query(`PartitionKey eq ${quote(INDEX)} and closed eq false and followUpAt le ${quote(iso(now))}`);
      const found = await eachLimited(rows, 16, async (row) => {
        const r = await resolve(row);
        if (r?.status === 'closed') await markClosed(row.roundId as string);
        return r?.status === 'open' ? toRound(r) : undefined;
      });
      return found.filter((r): r is Round => Boolean(r)).sort((a, b) => a.followUpAt.getTime() - b.followUpAt.getTime());
    },

    async history(programmeId) {
      const rows = await programmes.partition(key(programmeId), 'e');
      return rows
        .flatMap((e) => (getJson<[string, string, number][]>(e, 'encounters') ?? []).map(([a, b, round]) => ({ a, b, round })))
        .sort((x, y) => x.round - y.round);
    },

    async addDeliveries(list) {
      const byRound = new Map<string, Delivery[]>();
      for (const d of list) byRound.set(d.roundId, [...(byRound.get(d.roundId) ?? []), d]);
      for (const [roundId, deliveries] of byRound) {
        const p = await place(roundId);
        if (!p) throw new Error(`round ${roundId} does not exist`);
        // Flagged before and after: a crash between leaves it flagged, and a cleaner that saw
        // "nothing pending" just before the write finds its ETag changed, or the flag back.
        await touch(p, { work: true });
        await writeDeliveries(deliveries.map(deliveryJson));
        await touch(p, { work: true });
      }
    },

    async roundsWithPendingDeliveries(now) {
      const rows = await index.query(`PartitionKey eq ${quote(INDEX)} and work eq true`);
      const found = await eachLimited(rows, 16, async (row) => {
        const round = await resolve(row);
        if (!round) return undefined;
        const p = { roundId: row.roundId as string, programmeId: row.programmeId as string, seq: row.seq as number };
        if (row.outbox === true) await applyOutbox(p);
        const unfinished = await rounds.query(
          `PartitionKey eq ${quote(key(p.roundId))} and RowKey ge 'd|' and RowKey lt 'd}' and (status eq 'pending' or status eq 'sending')`,
        );
        const ready = unfinished.some((d) => d.status === 'pending' || (typeof d.claimedUntil === 'string' && d.claimedUntil <= iso(now)));
        if (ready) return { roundId: p.roundId, startedAt: round.startedAt as string };
        // A message being sent under a lease keeps the round listed: the lease may run out.
        if (unfinished.length === 0) await settle(row, round);
        return undefined;
      });
      return found
        .filter((r): r is { roundId: string; startedAt: string } => Boolean(r))
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
        .map((r) => r.roundId);
    },

    async claimDelivery(roundId, userId, kind, now, until) {
      return optimistic('rounds.claimDelivery', async () => {
        const d = await rounds.get(key(roundId), deliveryRk(userId, kind));
        if (!d) return false;
        const free = d.status === 'pending' || (d.status === 'sending' && typeof d.claimedUntil === 'string' && d.claimedUntil <= iso(now));
        if (!free) return false;
        return (await rounds.replace({ ...d, status: 'sending', claimedUntil: iso(until) }, d.etag)) ? true : CONFLICT;
      });
    },

    async deliveries(roundId) {
      const rows = await rounds.partition(key(roundId), 'd');
      return rows.sort((a, b) => String(a.order).localeCompare(String(b.order))).map(toDelivery);
    },

    async markDelivery(roundId, userId, kind, u) {
      await optimistic('rounds.markDelivery', async () => {
        const d = await rounds.get(key(roundId), deliveryRk(userId, kind));
        if (!d) return true;
        const next = {
          ...d,
          status: u.status,
          attempts: u.attempts,
          activityId: u.activityId,
          updatedAt: iso(u.updatedAt),
          claimedUntil: undefined,
        };
        return (await rounds.replace(next, d.etag)) ? true : CONFLICT;
      });
    },

    async recordAnswer(roundId, userId, answer, at) {
      await rounds.upsert({ partitionKey: key(roundId), rowKey: meetAnswerRk(userId), userId, answer, answeredAt: iso(at) });
    },

    async answers(roundId) {
      return (await rounds.partition(key(roundId), 'm')).map((e) => ({ userId: e.userId as string, answer: e.answer as MeetAnswer }));
    },
  };
}

const deliveryJson = (d: Delivery): DeliveryJson => ({
  roundId: d.roundId,
  userId: d.userId,
  kind: d.kind,
  status: d.status,
  attempts: d.attempts,
  activityId: d.activityId,
  updatedAt: iso(d.updatedAt),
});

function deliveryEntity(d: DeliveryJson, order: string): NewEntity {
  return { partitionKey: key(d.roundId), rowKey: deliveryRk(d.userId, d.kind), ...d, order };
}

function toDelivery(e: Entity): Delivery {
  return {
    roundId: e.roundId as string,
    userId: e.userId as string,
    kind: e.kind as DeliveryKind,
    status: e.status as Delivery['status'],
    attempts: e.attempts as number,
    activityId: e.activityId as string | undefined,
    claimedUntil: toDate(e.claimedUntil),
    updatedAt: toDate(e.updatedAt)!,
  };
}

export function roundEntity(r: Round, outbox?: Outbox): NewEntity {
  const e: Record<string, unknown> = {
    partitionKey: key(r.programmeId),
    rowKey: roundRk(r.seq),
    roundId: r.id,
    programmeId: r.programmeId,
    seq: r.seq,
    status: r.status,
    startedAt: iso(r.startedAt),
    followUpAt: iso(r.followUpAt),
    closedAt: isoOrUndefined(r.closedAt),
  };
  putJson(e, 'groups', r.groups);
  putJson(e, 'unmatched', r.unmatched);
  if (outbox && (outbox.deliveries.length > 0 || outbox.silences.length > 0)) putJson(e, 'outbox', outbox);
  return e as NewEntity;
}

export function toRound(e: Entity): Round {
  return {
    id: e.roundId as string,
    programmeId: e.programmeId as string,
    seq: e.seq as number,
    status: e.status as RoundStatus,
    startedAt: toDate(e.startedAt)!,
    groups: getJson<Group[]>(e, 'groups') ?? [],
    unmatched: getJson<string[]>(e, 'unmatched') ?? [],
    followUpAt: toDate(e.followUpAt)!,
    closedAt: toDate(e.closedAt),
  };
}

export function encountersEntity(programmeId: string, seq: number, encounters: Encounter[]): NewEntity {
  const e: Record<string, unknown> = { partitionKey: key(programmeId), rowKey: encountersRk(seq), seq };
  const pairs = encounters.map((x) => [x.a, x.b, x.round]);
  putJson(e, 'encounters', pairs);
  return e as NewEntity;
}
