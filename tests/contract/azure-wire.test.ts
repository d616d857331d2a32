/**
 * Hallway's own Table requests (bot/storage/azure/table-http.ts) against Azurite: what they write
 * reads back the same through @azure/data-tables and the other way round, so instances of either
 * kind (and data written before) share one account; queries follow continuation; failures say
 * what failed and nothing of the key.
 */
import { randomBytes } from 'node:crypto';
import { AzureNamedKeyCredential, TableClient, TableServiceClient } from '@azure/data-tables';
import { Table, TableRequestError } from '../../bot/storage/azure/azure-table';
import { BatchedInserts } from '../../bot/storage/azure/batched-inserts';
import { parseConnectionString, PipelineSender, SharedKeySender } from '../../bot/storage/azure/table-http';
import { startAzurite, type Azurite } from '../fixtures/azurite';

let azurite: Azurite;
const name = `w${randomBytes(6).toString('hex')}`;
let sdk: TableClient;
let table: Table;

beforeAll(async () => {
  azurite = await startAzurite();
  sdk = TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
  await sdk.createTable();
  const settings = parseConnectionString(azurite.connectionString)!;
  table = new Table(sdk, name, new SharedKeySender(settings.endpoint, settings.account!, settings.key!));
}, 60_000);
afterAll(async () => {
  await TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true })
    .deleteTable(name)
    .catch(() => undefined);
  await azurite?.stop();
});

/** Every kind of value an entity may hold, as the SDK takes them; keys with a quote, '|' and a non-ASCII letter. */
const sample = (rowKey: string) => ({
  partitionKey: "O'Brien|ü",
  rowKey,
  text: 'She said "hi" — 你好 \\ / end',
  empty: '',
  integer: 42,
  negative: -7,
  fraction: 2.5,
  yes: true,
  no: false,
  when: new Date('2026-12-02T08:00:00.000Z'),
  big: 9007199254740993n,
  bytes: new Uint8Array([0, 1, 2, 250, 255]),
  id: { value: '8b4b5c1e-7f0a-4d44-9d7c-3b0b1a2f6e11', type: 'Guid' as const },
});

const withoutMeta = (entity: Record<string, unknown>) => {
  const { etag: _etag, timestamp: _timestamp, 'odata.metadata': _metadata, ...rest } = entity;
  return rest;
};

describe("Hallway's Table requests and the Azure SDK read each other's entities", () => {
  it('an entity the SDK wrote reads the same through Hallway, with its ETag', async () => {
    await sdk.createEntity(sample('sdk-wrote'));
    const expected = withoutMeta(await sdk.getEntity("O'Brien|ü", 'sdk-wrote'));
    const read = await table.get("O'Brien|ü", 'sdk-wrote');
    expect(withoutMeta(read!)).toEqual(expected);
    expect(read!.etag).toMatch(/^W\/"datetime'/);
    expect(read!.bytes).toEqual(new Uint8Array([0, 1, 2, 250, 255]));
    expect(read!.big).toBe(9007199254740993n);
  });

  it('an entity Hallway wrote reads the same through the SDK', async () => {
    expect(await table.create(sample('hallway-wrote'))).toBe(true);
    const read = withoutMeta(await sdk.getEntity("O'Brien|ü", 'hallway-wrote'));
    expect(read).toEqual(withoutMeta({ ...sample('hallway-wrote') }));
  });

  it('a query reads what a point read does, and an upsert, a merge and a conditional replace land as the SDK sees them', async () => {
    await table.upsert({ partitionKey: 'p', rowKey: 'a', n: 1, keep: 'x' });
    expect(await table.merge({ partitionKey: 'p', rowKey: 'a', n: 2 })).toBe(true);
    const [listed] = await table.partition('p');
    expect(listed).toEqual(await table.get('p', 'a'));
    expect(withoutMeta(await sdk.getEntity('p', 'a'))).toEqual({ partitionKey: 'p', rowKey: 'a', n: 2, keep: 'x' });
    // The ETag guards a replace: the current one wins, an older one loses.
    expect(await table.replace({ partitionKey: 'p', rowKey: 'a', n: 3 }, listed!.etag)).toBe(true);
    expect(await table.replace({ partitionKey: 'p', rowKey: 'a', n: 4 }, listed!.etag)).toBe(false);
    expect(withoutMeta(await sdk.getEntity('p', 'a'))).toEqual({ partitionKey: 'p', rowKey: 'a', n: 3 });
  });

  it('expected outcomes are answers, not errors: missing, already there, changed', async () => {
    expect(await table.get('p', 'nobody')).toBeUndefined();
    expect(await table.create({ partitionKey: 'q', rowKey: 'once' })).toBe(true);
    expect(await table.create({ partitionKey: 'q', rowKey: 'once' })).toBe(false);
    expect(await table.merge({ partitionKey: 'q', rowKey: 'nobody', n: 1 })).toBe(false);
    expect(await table.delete('q', 'once', 'W/"datetime\'2000-01-01T00%3A00%3A00Z\'"')).toBe(false);
    expect(await table.delete('q', 'once')).toBe(true);
    expect(await table.delete('q', 'once')).toBe(false);
  });
});

describe('transactions', () => {
  it('what a transaction writes reads the same through the SDK, and its deletes and guarded replaces land', async () => {
    await table.create({ partitionKey: 'tx', rowKey: 'old', n: 0 });
    await table.create({ partitionKey: 'tx', rowKey: 'kept', n: 1 });
    const kept = (await table.get('tx', 'kept'))!;
    const committed = await table.transact([
      ['create', { ...sample('tx-new'), partitionKey: 'tx' }],
      ['delete', { partitionKey: 'tx', rowKey: 'old' }],
      ['update', { partitionKey: 'tx', rowKey: 'kept', n: 2 }, 'Replace', { etag: kept.etag }],
    ]);
    expect(committed).toBe(true);
    expect(withoutMeta(await sdk.getEntity('tx', 'tx-new'))).toEqual(withoutMeta({ ...sample('tx-new'), partitionKey: 'tx' }));
    expect((await table.partition('tx')).map((e) => [e.rowKey, e.n ?? e.integer])).toEqual([
      ['kept', 2],
      ['tx-new', 42],
    ]);
  });

  it('a stale ETag fails the whole transaction: nothing of it lands', async () => {
    await table.create({ partitionKey: 'stale', rowKey: 'a', n: 0 });
    const seen = (await table.get('stale', 'a'))!;
    await table.merge({ partitionKey: 'stale', rowKey: 'a', n: 1 });
    const committed = await table.transact([
      ['create', { partitionKey: 'stale', rowKey: 'b' }],
      ['update', { partitionKey: 'stale', rowKey: 'a', n: 2 }, 'Replace', { etag: seen.etag }],
    ]);
    expect(committed).toBe(false);
    expect((await table.partition('stale')).map((e) => [e.rowKey, e.n])).toEqual([['a', 1]]);
  });
});

describe('queries', () => {
  it('a partition larger than one page (1,000 entities) is read whole, following the continuation', async () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => ({ partitionKey: 'big', rowKey: `a|${String(i).padStart(5, '0')}`, i }));
    for (let i = 0; i < rows.length; i += 100) await table.transact(rows.slice(i, i + 100).map((r) => ['create', r]));
    const read = await table.partition('big', 'a');
    expect(read).toHaveLength(1_234);
    expect(new Set(read.map((r) => r.i)).size).toBe(1_234);
  });
});

describe('failures', () => {
  it('a request signed with the wrong key is refused, and the error tells the status and code, not the key', async () => {
    const settings = parseConnectionString(azurite.connectionString)!;
    const wrongKey = Buffer.from('not the account key at all');
    const refused = new Table(sdk, name, new SharedKeySender(settings.endpoint, settings.account!, wrongKey));
    const error = await refused.get('p', 'a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableRequestError);
    expect((error as TableRequestError).statusCode).toBe(403);
    expect((error as Error).message).toBe(`Azure Tables answered 403 (AuthorizationFailure) to a point read on table ${name}`);
    expect((error as Error).message).not.toContain(wrongKey.toString('base64'));
  });
});

describe('signed with a SAS, through the SDK pipeline', () => {
  it('reads and writes as the account key does', async () => {
    const settings = parseConnectionString(azurite.connectionString)!;
    const { generateAccountSas } = await import('@azure/data-tables');
    const sas = generateAccountSas(new AzureNamedKeyCredential(settings.account!, settings.key!.toString('base64')), {
      expiresOn: new Date(Date.now() + 3_600_000),
      permissions: { query: true, add: true, update: true, delete: true },
      resourceTypes: 'co',
    });
    const sasConnection = `TableEndpoint=${settings.endpoint.href};SharedAccessSignature=${sas}`;
    expect(parseConnectionString(sasConnection)!.key).toBeUndefined();
    const client = TableClient.fromConnectionString(sasConnection, name, { allowInsecureConnection: true });
    const viaSas = new Table(client, name, new PipelineSender(client));
    expect(await viaSas.create(sample('sas-wrote'))).toBe(true);
    expect(withoutMeta((await viaSas.get("O'Brien|ü", 'sas-wrote'))!)).toEqual(withoutMeta(await sdk.getEntity("O'Brien|ü", 'sas-wrote')));
    expect((await viaSas.partition("O'Brien|ü")).map((e) => e.rowKey)).toContain('sas-wrote');
    await viaSas.upsert({ partitionKey: 'sas', rowKey: 'one', n: 1 });
    expect(await viaSas.merge({ partitionKey: 'sas', rowKey: 'one', n: 2 })).toBe(true);
    expect((await table.get('sas', 'one'))!.n).toBe(2);
    expect(await viaSas.delete('sas', 'one')).toBe(true);
  });
});

describe('inserts arriving together', () => {
  /** The table's requests, counted: inserts alone and transactions. */
  const counting = () => {
    const counts = { alone: 0, together: 0 };
    const create = table.create.bind(table);
    const transact = table.transact.bind(table);
    const counted = Object.assign(Object.create(table) as Table, {
      create: (e: Parameters<Table['create']>[0]) => {
        counts.alone++;
        return create(e);
      },
      transact: (a: Parameters<Table['transact']>[0]) => {
        counts.together++;
        return transact(a);
      },
    });
    return { counts, inserts: new BatchedInserts(counted) };
  };

  it('go as one transaction per partition after the first, and every row is stored', async () => {
    const { counts, inserts } = counting();
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => inserts.insert({ partitionKey: 'burst', rowKey: `a|${i}`, i })));
    expect(results.every((inserted) => inserted)).toBe(true);
    expect(await table.partition('burst', 'a')).toHaveLength(250);
    // The first alone, then the 249 that waited for it in transactions of at most 100.
    expect(counts).toEqual({ alone: 1, together: 3 });
  });

  it('a row that is already there answers false to its own caller only; the others are stored', async () => {
    await table.create({ partitionKey: 'mixed', rowKey: 'a|2', before: true });
    const { inserts } = counting();
    const results = await Promise.all([0, 1, 2, 3].map((i) => inserts.insert({ partitionKey: 'mixed', rowKey: `a|${i}`, i })));
    expect(results).toEqual([true, true, false, true]);
    const stored = await table.partition('mixed', 'a');
    expect(stored.map((e) => e.rowKey).sort()).toEqual(['a|0', 'a|1', 'a|2', 'a|3']);
    expect(stored.find((e) => e.rowKey === 'a|2')).toMatchObject({ before: true });
  });

  it('the same row twice goes in two steps: the first is inserted, the second finds it', async () => {
    const { inserts } = counting();
    const results = await Promise.all([
      inserts.insert({ partitionKey: 'twice', rowKey: 'a|0', n: 0 }),
      inserts.insert({ partitionKey: 'twice', rowKey: 'a|1', n: 1 }),
      inserts.insert({ partitionKey: 'twice', rowKey: 'a|1', n: 2 }),
      inserts.insert({ partitionKey: 'twice', rowKey: 'a|2', n: 3 }),
    ]);
    expect(results).toEqual([true, true, false, true]);
    expect((await table.get('twice', 'a|1'))!.n).toBe(1);
  });

  it('a row the service refuses fails its own caller; the rest of its transaction is stored', async () => {
    const { inserts } = counting();
    const tooLarge = 'x'.repeat(40_000); // a string property holds at most 32K characters
    const results = await Promise.allSettled([
      inserts.insert({ partitionKey: 'refused', rowKey: 'a|0' }),
      inserts.insert({ partitionKey: 'refused', rowKey: 'a|1' }),
      inserts.insert({ partitionKey: 'refused', rowKey: 'a|2', note: tooLarge }),
      inserts.insert({ partitionKey: 'refused', rowKey: 'a|3' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await table.partition('refused', 'a')).map((e) => e.rowKey).sort()).toEqual(['a|0', 'a|1', 'a|3']);
  });
});
