import type { TableClient, TransactionAction } from '@azure/data-tables';

/** An entity as read: its properties, keys and the ETag that guards the next write. */
export type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };
/** An entity to write; undefined properties are left out (Azure Tables stores no nulls). */
export type NewEntity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** Entity-group transactions hold at most 100 operations. */
export const MAX_BATCH = 100;

const status = (error: unknown): number | undefined => (error as { statusCode?: number })?.statusCode;

/**
 * One table, with the few operations both Azure Tables and Cosmos DB for Table support well:
 * point reads, partition (and key-range) queries, single-partition batches, conditional writes.
 * Expected outcomes (not found, already exists, ETag mismatch) are values, not exceptions.
 */
export class Table {
  constructor(
    readonly client: TableClient,
    readonly name: string,
  ) {}

  async get(pk: string, rk: string): Promise<Entity | undefined> {
    try {
      return clean(await this.client.getEntity(pk, rk));
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  /** Inserts; false when an entity with these keys exists (409). */
  async create(entity: NewEntity): Promise<boolean> {
    try {
      await this.client.createEntity(defined(entity));
      return true;
    } catch (error) {
      if (status(error) === 409) return false;
      throw error;
    }
  }

  /** Replaces the whole entity if its ETag is still `etag`; false when it changed or is gone. */
  async replace(entity: NewEntity, etag: string): Promise<boolean> {
    return this.update(entity, 'Replace', etag);
  }

  /** Sets the given properties (others stay); false when the entity is gone or its ETag changed. */
  async merge(entity: NewEntity, etag = '*'): Promise<boolean> {
    return this.update(entity, 'Merge', etag);
  }

  async upsert(entity: NewEntity, mode: 'Replace' | 'Merge' = 'Replace'): Promise<void> {
    await this.client.upsertEntity(defined(entity), mode);
  }

  /** Deletes (only while its ETag is `etag`, when given); false when gone or changed. */
  async delete(pk: string, rk: string, etag = '*'): Promise<boolean> {
    try {
      await this.client.deleteEntity(pk, rk, { etag });
      return true;
    } catch (error) {
      if (status(error) === 404 || status(error) === 412) return false;
      throw error;
    }
  }

  async query(filter: string): Promise<Entity[]> {
    const out: Entity[] = [];
    for await (const entity of this.client.listEntities({ queryOptions: { filter } })) out.push(clean(entity));
    return out;
  }

  /** Every entity of one partition, or those whose RowKey starts with `prefix|`. */
  async partition(pk: string, prefix?: string): Promise<Entity[]> {
    const filter = prefix === undefined ? `PartitionKey eq ${quote(pk)}` : `PartitionKey eq ${quote(pk)} and ${rowKeyPrefix(prefix)}`;
    return this.query(filter);
  }

  /**
   * Runs operations on one partition as one entity-group transaction: all or nothing. False when
   * a condition failed (an ETag changed, an insert found an entity, an update found none).
   */
  async transact(actions: TransactionAction[]): Promise<boolean> {
    if (actions.length === 0) return true;
    if (actions.length > MAX_BATCH) throw new Error(`a transaction holds at most ${MAX_BATCH} operations, not ${actions.length}`);
    try {
      await this.client.submitTransaction(actions.map(([op, entity, ...rest]) => [op, defined(entity), ...rest]) as TransactionAction[]);
      return true;
    } catch (error) {
      if ([404, 409, 412].includes(status(error) ?? 0)) return false;
      throw error;
    }
  }

  /**
   * Inserts the entities that are not there yet, leaving existing ones as they are (an idempotent
   * "insert or ignore"): whole batches per partition first, one by one for a batch that collided.
   */
  async insertMissing(entities: NewEntity[]): Promise<void> {
    for (const chunk of batches(entities)) {
      if (await this.transact(chunk.map((e) => ['create', e] as TransactionAction))) continue;
      for (const entity of chunk) await this.create(entity);
    }
  }

  /** Deletes the given entities in batches per partition (missing ones are fine). */
  async deleteAll(entities: { partitionKey: string; rowKey: string }[]): Promise<void> {
    for (const chunk of batches(entities.map((e) => ({ partitionKey: e.partitionKey, rowKey: e.rowKey })))) {
      if (await this.transact(chunk.map((k) => ['delete', k] as TransactionAction))) continue;
      // One was already gone (deleted concurrently), which fails the batch: delete one by one.
      for (const k of chunk) await this.delete(k.partitionKey, k.rowKey);
    }
  }

  private async update(entity: NewEntity, mode: 'Replace' | 'Merge', etag: string): Promise<boolean> {
    try {
      await this.client.updateEntity(defined(entity), mode, { etag });
      return true;
    } catch (error) {
      if (status(error) === 404 || status(error) === 412) return false;
      throw error;
    }
  }
}

/** Groups entities into transactions: one partition each, at most MAX_BATCH operations. */
function batches<T extends { partitionKey: string }>(entities: T[]): T[][] {
  const byPartition = new Map<string, T[]>();
  for (const e of entities) byPartition.set(e.partitionKey, [...(byPartition.get(e.partitionKey) ?? []), e]);
  const out: T[][] = [];
  for (const group of byPartition.values()) for (let i = 0; i < group.length; i += MAX_BATCH) out.push(group.slice(i, i + MAX_BATCH));
  return out;
}

/** An OData string literal. */
export const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export const rowKeyPrefix = (prefix: string): string => `RowKey ge ${quote(`${prefix}|`)} and RowKey lt ${quote(`${prefix}}`)}`;

function defined<T extends Record<string, unknown>>(entity: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    if (value !== undefined && value !== null && name !== 'etag' && name !== 'timestamp') out[name] = value;
  }
  return out as T;
}

function clean(raw: Record<string, unknown>): Entity {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!name.startsWith('odata.') && name !== 'timestamp') out[name] = value;
  }
  return out as Entity;
}

/** Returned by an optimistic attempt that lost a race: the caller reads again and retries. */
export const CONFLICT: unique symbol = Symbol('conflict');

/**
 * Runs a read-modify-write until it stops colliding with other writers: at most 10 attempts,
 * with a short random pause between them so colliding instances spread out.
 */
export async function optimistic<T>(what: string, attempt: () => Promise<T | typeof CONFLICT>): Promise<T> {
  for (let i = 0; i < 10; i++) {
    const result = await attempt();
    if (result !== CONFLICT) return result;
    await new Promise((done) => setTimeout(done, Math.random() * Math.min(200, 5 * 2 ** i)));
  }
  throw new Error(`storage: ${what} kept colliding with concurrent writes; gave up after 10 attempts`);
}

/** Runs `work` over `items`, at most `limit` at a time (parallel point reads without a flood). */
export async function eachLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The tables, by role; each is created as `<prefix><Name>` (see each module for its keys). */
export const TABLE_NAMES = {
  installations: 'Installations',
  meetingSettings: 'MeetingSettings',
  sessions: 'Sessions',
  checkInKeys: 'CheckInKeys',
  programmes: 'Programmes',
  rounds: 'Rounds',
  indexes: 'Indexes',
  breaks: 'Breaks',
  days: 'Days',
  occurrences: 'Occurrences',
  people: 'People',
  jobs: 'Jobs',
} as const;

export type TableRole = keyof typeof TABLE_NAMES;
export type Tables = Record<TableRole, Table>;
