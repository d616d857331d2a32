import type { Member, Programme, ProgrammeSettings } from '../../domain/coffee/model';
import { isLocale } from '../../domain/language';
import type { Programmes } from '../../domain/coffee/ports';
import type { People } from './azure-people';
import { CONFLICT, eachLimited, optimistic, quote, type Entity, type NewEntity, type Table, type Tables } from './azure-table';
import { getJson, iso, isoOrUndefined, join, key, putJson, toDate } from './keys';

/**
 * Coffee programmes.
 *
 * Programmes table, partition = programme id (the team or group chat), so a programme's members,
 * blocks, rounds and encounters are read with one partition query and a round starts with one
 * entity-group transaction:
 *   programme              settings, organisers, round count, next round time, version
 *   m|<user id>            a member
 *   b|<user id>|<blocked>  a block
 *   r|<seq>                a round (see azure-rounds.ts)
 *   e|<seq>                the round's encounters
 *
 * Indexes table, partition `programmes`, row = programme id: when each programme's next round is
 * due, so the scheduler reads one small partition instead of scanning every programme. The
 * programme row is the truth and `due` re-reads it; the index only has to never be LATER than the
 * truth (or a round would be missed). So a write that brings the time forward lowers the index
 * before writing the programme, and every write copies its result to the index afterwards,
 * unless the index already holds a newer version.
 */
export const PROGRAMME = 'programme';
export const memberRk = (userId: string) => join('m', key(userId));
export const blockRk = (userId: string, blockedId: string) => join('b', key(userId), key(blockedId));

export function azureProgrammes(tables: Tables, people: People): Programmes {
  const t = tables.programmes;
  const due = new DueIndex(tables.indexes);

  const change = (id: string, edit: (p: Programme) => Programme | undefined) => mutateProgramme(tables, id, edit);

  return {
    async get(id) {
      const e = await t.get(key(id), PROGRAMME);
      return e ? toProgramme(e) : undefined;
    },
    async ensure(p) {
      const existing = await t.get(key(p.id), PROGRAMME);
      if (existing) return { programme: toProgramme(existing), created: false };
      await people.note({ table: 'programmes', pk: key(p.id), rk: PROGRAMME }, p.organisers);
      await due.lower(p);
      const created = await t.create(programmeEntity(p, 1));
      const stored = (await t.get(key(p.id), PROGRAMME))!;
      await due.sync(toProgramme(stored), stored.version as number);
      return { programme: toProgramme(stored), created };
    },
    async updateSettings(id, settings, nextRoundAt) {
      await change(id, (p) => ({ ...p, settings, nextRoundAt }));
    },
    async setOrganisers(id, organisers) {
      await people.note({ table: 'programmes', pk: key(id), rk: PROGRAMME }, organisers);
      await change(id, (p) => ({ ...p, organisers }));
    },
    async due(now) {
      const ids = await due.candidates(now);
      const found = await eachLimited(ids, 16, async (id) => {
        const e = await t.get(key(id), PROGRAMME);
        return e ? toProgramme(e) : undefined;
      });
      return found
        .filter((p): p is Programme => Boolean(p?.settings.enabled && p.nextRoundAt && p.nextRoundAt <= now))
        .sort((a, b) => a.nextRoundAt!.getTime() - b.nextRoundAt!.getTime());
    },
    async reschedule(id, expectedSeq, nextRoundAt) {
      return change(id, (p) => (p.roundSeq === expectedSeq ? { ...p, nextRoundAt } : undefined));
    },
    async members(programmeId) {
      const rows = await t.partition(key(programmeId), 'm');
      return rows.map(toMember).sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.userId.localeCompare(b.userId));
    },
    async getMember(programmeId, userId) {
      const e = await t.get(key(programmeId), memberRk(userId));
      return e ? toMember(e) : undefined;
    },
    async saveMember(m) {
      const rk = memberRk(m.userId);
      await people.note({ table: 'programmes', pk: key(m.programmeId), rk }, [m.userId, m.aadObjectId]);
      await people.link(m.userId, m.aadObjectId);
      await t.upsert(memberEntity(m));
    },
    async blocks(programmeId) {
      return (await t.partition(key(programmeId), 'b')).map((e) => [e.userId, e.blockedId] as [string, string]);
    },
    async addBlock(programmeId, userId, blockedId) {
      const rk = blockRk(userId, blockedId);
      await people.note({ table: 'programmes', pk: key(programmeId), rk }, [userId, blockedId]);
      await t.upsert({ partitionKey: key(programmeId), rowKey: rk, programmeId, userId, blockedId });
    },
  };
}

/** Changes the programme row under its ETag (false when `edit` declines or it is gone), keeping the due index in step. */
export function mutateProgramme(tables: Tables, id: string, edit: (p: Programme) => Programme | undefined): Promise<boolean> {
  const due = new DueIndex(tables.indexes);
  return optimistic('programme update', async () => {
    const e = await tables.programmes.get(key(id), PROGRAMME);
    if (!e) return false;
    const next = edit(toProgramme(e));
    if (!next) return false;
    const version = (e.version as number) + 1;
    await due.lower(next);
    if (!(await tables.programmes.replace(programmeEntity(next, version), e.etag))) return CONFLICT;
    await due.sync(next, version);
    return true;
  });
}

export class DueIndex {
  static readonly PK = 'programmes';
  constructor(private readonly t: Table) {}

  /** Before a write: brings the index forward if the new time is earlier than what it holds. */
  async lower(p: Programme): Promise<void> {
    if (!p.settings.enabled || !p.nextRoundAt) return;
    const at = iso(p.nextRoundAt);
    await optimistic('due index', async () => {
      const row = await this.t.get(DueIndex.PK, key(p.id));
      if (row?.enabled === true && typeof row.nextRoundAt === 'string' && row.nextRoundAt <= at) return true;
      const next = {
        partitionKey: DueIndex.PK,
        rowKey: key(p.id),
        programmeId: p.id,
        nextRoundAt: at,
        enabled: true,
        version: (row?.version as number | undefined) ?? 0,
      };
      if (!row) return (await this.t.create(next)) ? true : CONFLICT;
      return (await this.t.replace(next, row.etag)) ? true : CONFLICT;
    });
  }

  /** After a write of `version`: copies the programme's schedule, unless a newer version got there first. */
  async sync(p: Programme, version: number): Promise<void> {
    await optimistic('due index', async () => {
      const row = await this.t.get(DueIndex.PK, key(p.id));
      if (row && (row.version as number) > version) return true;
      const next = {
        partitionKey: DueIndex.PK,
        rowKey: key(p.id),
        programmeId: p.id,
        nextRoundAt: isoOrUndefined(p.nextRoundAt),
        enabled: p.settings.enabled,
        version,
      };
      if (!row) return (await this.t.create(next)) ? true : CONFLICT;
      return (await this.t.replace(next, row.etag)) ? true : CONFLICT;
    });
  }

  async candidates(now: Date): Promise<string[]> {
    const rows = await this.t.query(`PartitionKey eq ${quote(DueIndex.PK)} and enabled eq true and nextRoundAt le ${quote(iso(now))}`);
    return rows.map((r) => r.programmeId as string);
  }

  async remove(programmeId: string): Promise<void> {
    await this.t.delete(DueIndex.PK, key(programmeId));
  }
}

export function programmeEntity(p: Programme, version: number): NewEntity {
  const e: Record<string, unknown> = {
    partitionKey: key(p.id),
    rowKey: PROGRAMME,
    id: p.id,
    tenantId: p.tenantId,
    name: p.name,
    roundSeq: p.roundSeq,
    nextRoundAt: isoOrUndefined(p.nextRoundAt),
    createdAt: iso(p.createdAt),
    version,
  };
  putJson(e, 'reference', p.reference);
  putJson(e, 'organisers', p.organisers);
  putJson(e, 'settings', p.settings);
  return e as NewEntity;
}

export function toProgramme(e: Entity): Programme {
  return {
    id: e.id as string,
    tenantId: e.tenantId as string,
    name: e.name as string | undefined,
    reference: getJson(e, 'reference'),
    organisers: getJson<string[]>(e, 'organisers') ?? [],
    settings: getJson<ProgrammeSettings>(e, 'settings')!,
    roundSeq: e.roundSeq as number,
    nextRoundAt: toDate(e.nextRoundAt),
    createdAt: toDate(e.createdAt)!,
  };
}

export function memberEntity(m: Member): NewEntity {
  return {
    partitionKey: key(m.programmeId),
    rowKey: memberRk(m.userId),
    programmeId: m.programmeId,
    userId: m.userId,
    aadObjectId: m.aadObjectId,
    name: m.name,
    upn: m.upn,
    status: m.status,
    pausedUntil: isoOrUndefined(m.pausedUntil),
    timeZone: m.timeZone,
    workStartHour: m.workStartHour,
    workEndHour: m.workEndHour,
    silentRounds: m.silentRounds,
    lastCaptainRound: m.lastCaptainRound,
    lastTrioRound: m.lastTrioRound,
    personalConversationId: m.personalConversationId,
    locale: m.locale,
    joinedAt: iso(m.joinedAt),
  };
}

export function toMember(e: Entity): Member {
  return {
    programmeId: e.programmeId as string,
    userId: e.userId as string,
    aadObjectId: e.aadObjectId as string | undefined,
    name: e.name as string,
    upn: e.upn as string | undefined,
    status: e.status as Member['status'],
    pausedUntil: toDate(e.pausedUntil),
    timeZone: e.timeZone as string | undefined,
    workStartHour: e.workStartHour as number | undefined,
    workEndHour: e.workEndHour as number | undefined,
    silentRounds: e.silentRounds as number,
    lastCaptainRound: e.lastCaptainRound as number | undefined,
    lastTrioRound: e.lastTrioRound as number | undefined,
    personalConversationId: e.personalConversationId as string | undefined,
    locale: isLocale(e.locale) ? e.locale : undefined,
    joinedAt: toDate(e.joinedAt)!,
  };
}
