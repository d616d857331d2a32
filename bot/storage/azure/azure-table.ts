import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { TableResponse, TableSender } from './table-http';

/** An entity as read: its properties, keys and the ETag that guards the next write. */
export type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };
/** An entity to write; undefined properties are left out (Azure Tables stores no nulls). */
export type NewEntity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** Entity-group transactions hold at most 100 operations. */
export const MAX_BATCH = 100;

/** A refusal or failure the Table service answered with: its status and error code, never the request's keys or signature. */
export class TableRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string | undefined,
    what: string,
  ) {
    super(`Azure Tables answered ${statusCode}${code ? ` (${code})` : ''} to ${what}`);
    this.name = 'TableRequestError';
  }
}

/** Entities come back with their ETag and no type annotations for the types JSON has. */
const READ = { accept: 'application/json;odata=minimalmetadata' };
const WRITE = { accept: 'application/json;odata=minimalmetadata', prefer: 'return-no-content' };

/**
 * One table, with the few operations both Azure Tables and Cosmos DB for Table support well:
 * point reads, partition (and key-range) queries, single-partition batches, conditional writes.
 * Expected outcomes (not found, already exists, ETag mismatch) are values, not exceptions.
 * Every operation speaks the REST protocol through `sender` (see table-http.ts); the SDK's client
 * creates the table.
 */
export class Table {
  constructor(
    readonly client: TableClient,
    readonly name: string,
    private readonly sender: TableSender,
  ) {}

  async get(pk: string, rk: string): Promise<Entity | undefined> {
    const response = await this.sender.send({ method: 'GET', path: this.entityPath(pk, rk), headers: READ });
    if (response.status === 404) return undefined;
    this.expect(response, [200], 'a point read');
    const entity = fromWire(JSON.parse(response.body));
    const etag = response.header('etag');
    if (entity.etag === undefined && etag) entity.etag = etag;
    return entity;
  }

  /** Inserts; false when an entity with these keys exists (409). */
  async create(entity: NewEntity): Promise<boolean> {
    const response = await this.sender.send({ method: 'POST', path: `/${this.name}`, headers: WRITE, body: JSON.stringify(toWire(entity)) });
    if (response.status === 409) return false;
    this.expect(response, [201, 204], 'an insert');
    return true;
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
    // Without If-Match, PUT and PATCH on an entity's address insert it when missing.
    const response = await this.sender.send({
      method: mode === 'Replace' ? 'PUT' : 'PATCH',
      path: this.entityPath(entity.partitionKey, entity.rowKey),
      headers: WRITE,
      body: JSON.stringify(toWire(entity)),
    });
    this.expect(response, [204], 'an upsert');
  }

  /** Deletes (only while its ETag is `etag`, when given); false when gone or changed. */
  async delete(pk: string, rk: string, etag = '*'): Promise<boolean> {
    const response = await this.sender.send({ method: 'DELETE', path: this.entityPath(pk, rk), headers: { ...READ, 'if-match': etag } });
    if (response.status === 404 || response.status === 412) return false;
    this.expect(response, [204], 'a delete');
    return true;
  }

  /** Every entity the filter matches, page after page. */
  async query(filter: string): Promise<Entity[]> {
    const out: Entity[] = [];
    let next: { NextPartitionKey: string; NextRowKey?: string } | undefined;
    do {
      const response = await this.sender.send({ method: 'GET', path: `/${this.name}()`, query: { $filter: filter, ...next }, headers: READ });
      this.expect(response, [200], 'a query');
      for (const raw of (JSON.parse(response.body) as { value: Record<string, unknown>[] }).value) out.push(fromWire(raw));
      const partition = response.header('x-ms-continuation-nextpartitionkey');
      const row = response.header('x-ms-continuation-nextrowkey');
      next = partition ? { NextPartitionKey: partition, ...(row && { NextRowKey: row }) } : undefined;
    } while (next);
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
    const batch = `batch_${randomUUID()}`;
    const changeset = `changeset_${randomUUID()}`;
    const operations = actions.map((action, i) => `--${changeset}\r\n${this.operation(action, i + 1)}\r\n`).join('');
    const body = `--${batch}\r\nContent-Type: multipart/mixed; boundary=${changeset}\r\n\r\n${operations}--${changeset}--\r\n\r\n--${batch}--\r\n`;
    const response = await this.sender.send({
      method: 'POST',
      path: '/$batch',
      headers: { ...READ, 'content-type': `multipart/mixed; boundary=${batch}` },
      body,
    });
    this.expect(response, [202], 'a transaction');
    // One status line per operation when all succeeded; the first that failed, alone, otherwise.
    const statuses = [...response.body.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
    const failed = statuses.find((code) => code < 200 || code > 299);
    if (failed === undefined) {
      if (statuses.length === actions.length) return true;
      throw new TableRequestError(response.status, 'UnreadableBatchResponse', `a transaction on table ${this.name}`);
    }
    if (failed === 404 || failed === 409 || failed === 412) return false;
    throw new TableRequestError(failed, /"code"\s*:\s*"([A-Za-z]+)"/.exec(response.body)?.[1], `a transaction on table ${this.name}`);
  }

  /** One operation of a transaction, as the part of its changeset that carries it. */
  private operation(action: TransactionAction, id: number): string {
    const [kind, entity, second, third] = action as unknown as [string, NewEntity, unknown, unknown];
    // As the SDK reads them: ['delete', keys, { etag }], ['update', entity, mode, { etag }], ['upsert', entity, mode]; the mode is Merge unless given.
    const options = (kind === 'delete' ? second : kind === 'update' ? third : undefined) as { etag?: string } | undefined;
    const mode = kind === 'update' || kind === 'upsert' ? ((second as string | undefined) ?? 'Merge') : undefined;
    const address = kind === 'create' ? `/${this.name}` : this.entityPath(entity.partitionKey, entity.rowKey);
    const method = kind === 'create' ? 'POST' : kind === 'delete' ? 'DELETE' : mode === 'Replace' ? 'PUT' : 'MERGE';
    const headers = [
      'Accept: application/json;odata=minimalmetadata',
      'DataServiceVersion: 3.0',
      ...(kind === 'delete' || kind === 'update' ? [`If-Match: ${options?.etag ?? '*'}`] : []),
      ...(kind === 'delete' ? [] : ['Content-Type: application/json', 'Prefer: return-no-content']),
    ];
    const payload = kind === 'delete' ? '' : JSON.stringify(toWire(entity as Record<string, unknown>));
    return [
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${id}`,
      '',
      `${method} ${this.sender.endpoint}${address} HTTP/1.1`,
      ...headers,
      '',
      payload,
    ].join('\r\n');
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
    const response = await this.sender.send({
      method: mode === 'Replace' ? 'PUT' : 'PATCH',
      path: this.entityPath(entity.partitionKey, entity.rowKey),
      headers: { ...WRITE, 'if-match': etag },
      body: JSON.stringify(toWire(entity)),
    });
    if (response.status === 404 || response.status === 412) return false;
    this.expect(response, [204], 'an update');
    return true;
  }

  /** An entity's address: its keys as OData string literals, URL-encoded. */
  private entityPath(pk: string, rk: string): string {
    const literal = (value: string) => encodeURIComponent(value.replace(/'/g, "''"));
    return `/${this.name}(PartitionKey='${literal(pk)}',RowKey='${literal(rk)}')`;
  }

  private expect(response: TableResponse, ok: number[], what: string): void {
    if (ok.includes(response.status)) return;
    let code = response.header('x-ms-error-code');
    try {
      code ??= (JSON.parse(response.body) as { 'odata.error'?: { code?: string } })['odata.error']?.code;
    } catch {
      // Not every failure has a JSON body (a proxy's 502, say).
    }
    throw new TableRequestError(response.status, code, `${what} on table ${this.name}`);
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

/**
 * An entity as the service takes it: keys named as the protocol names them, and the types JSON
 * lacks annotated, exactly as @azure/data-tables writes them (Date, bigint, bytes, or `{ value, type }`).
 */
export function toWire(entity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(defined(entity))) {
    const wire = name === 'partitionKey' ? 'PartitionKey' : name === 'rowKey' ? 'RowKey' : name;
    const typed = wireValue(value);
    out[wire] = typed.value;
    if (typed.type) out[`${wire}@odata.type`] = typed.type;
  }
  return out;
}

const EDM_TYPES = new Set(['Boolean', 'DateTime', 'Double', 'Guid', 'Int32', 'Int64', 'String', 'Binary']);

function wireValue(value: unknown): { value: unknown; type?: string } {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (typeof value === 'bigint') return { value: value.toString(), type: 'Edm.Int64' };
  if (value instanceof Date) return { value, type: 'Edm.DateTime' };
  if (value instanceof Uint8Array) return { value: Buffer.from(value).toString('base64'), type: 'Edm.Binary' };
  const typed = value as { value?: unknown; type?: unknown };
  if (typeof typed === 'object' && typed.value !== undefined && typeof typed.type === 'string' && EDM_TYPES.has(typed.type)) {
    return { value: typed.value, type: `Edm.${typed.type}` };
  }
  throw new Error(`an entity property of type ${typeof value} cannot be stored`);
}

/**
 * An entity as read, as @azure/data-tables gives it: keys and ETag by their SDK names, annotated
 * values converted (Int64 to bigint, DateTime to Date, Binary to bytes), without the service's
 * metadata and Timestamp (Hallway keeps its own times).
 */
export function fromWire(raw: Record<string, unknown>): Entity {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    if (name === 'odata.etag') {
      out.etag = raw[name];
      continue;
    }
    if (name.startsWith('odata.') || name === 'Timestamp' || name.includes('@odata.type')) continue;
    const value = raw[name];
    const type = raw[`${name}@odata.type`];
    out[name === 'PartitionKey' ? 'partitionKey' : name === 'RowKey' ? 'rowKey' : name] = type === undefined ? value : typedValue(value, type);
  }
  return out as Entity;
}

function typedValue(value: unknown, type: unknown): unknown {
  switch (type) {
    case 'Edm.DateTime':
      return new Date(value as string);
    case 'Edm.Int64':
      return BigInt(value as string);
    case 'Edm.Binary':
      return new Uint8Array(Buffer.from(value as string, 'base64'));
    case 'Edm.Guid':
      return { value, type: 'Guid' };
    case 'Edm.Boolean':
    case 'Edm.Double':
    case 'Edm.Int32':
    case 'Edm.String':
      return value;
    default:
      throw new Error(`an entity property of type ${String(type)} cannot be read`);
  }
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
