import { randomBytes } from 'node:crypto';
import { AzureNamedKeyCredential, generateAccountSas, TableClient, TableServiceClient } from '@azure/data-tables';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import { Table } from '../../bot/storage/azure/azure-table';
import { parseConnectionString } from '../../bot/storage/azure/table-http';
import type { Storage } from '../../bot/storage/ports';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { dumpAzureTables } from '../fixtures/storage-dump';
import { at, DAY, member, person, programme, round, T0 } from './builders';
import { storageContract } from './storage.contract';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

const options = { allowInsecureConnection: true };
const newPrefix = () => `t${randomBytes(6).toString('hex')}`;

async function dropTables(prefix: string) {
  const service = TableServiceClient.fromConnectionString(azurite.connectionString, options);
  for await (const table of service.listTables()) if (table.name?.startsWith(prefix)) await service.deleteTable(table.name);
}

// Each test gets tables of its own, by prefix, in one Azurite.
storageContract('Azure Tables', async () => {
  const prefix = newPrefix();
  return {
    open: () => openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix }),
    dump: () => dumpAzureTables(azurite.connectionString, prefix),
    destroy: () => dropTables(prefix),
  };
});

// The same with a shared access signature, as an administrator may give one instead of the key:
// Hallway's requests then go through the SDK's own pipeline (bot/storage/azure/table-http.ts).
storageContract('Azure Tables, signed with a SAS', async () => {
  const prefix = newPrefix();
  const { account, key, endpoint } = parseConnectionString(azurite.connectionString)!;
  const sas = generateAccountSas(new AzureNamedKeyCredential(account!, key!.toString('base64')), {
    expiresOn: new Date(Date.now() + 3_600_000),
    permissions: { query: true, write: true, delete: true, list: true, add: true, update: true },
    resourceTypes: 'sco',
  });
  return {
    open: () => openAzureTablesStorage({ connectionString: `TableEndpoint=${endpoint.href};SharedAccessSignature=${sas}`, tablePrefix: prefix }),
    dump: () => dumpAzureTables(azurite.connectionString, prefix),
    destroy: () => dropTables(prefix),
  };
});

/** What only this driver has: the scheduling index it keeps beside the data, and recovery after a crash. */
describe('Azure Tables: the round index', () => {
  let prefix: string;
  let storage: Storage;
  const roundIndex = async () => {
    const client = TableClient.fromConnectionString(azurite.connectionString, `${prefix}Indexes`, options);
    const rows = [];
    for await (const row of client.listEntities({ queryOptions: { filter: "PartitionKey eq 'rounds'" } })) rows.push(row);
    return rows;
  };
  const startRound = async () => {
    const p = programme();
    await storage.programmes.ensure(p);
    const people = [person('Ada'), person('Bob')];
    for (const who of people) await storage.programmes.saveMember(member(p, who));
    return {
      p,
      ...round(
        p,
        1,
        people.map((x) => x.userId),
      ),
    };
  };

  beforeEach(async () => {
    prefix = newPrefix();
    storage = await openAzureTablesStorage({
      connectionString: azurite.connectionString,
      tablePrefix: prefix,
      timings: { settleMs: 0, orphanMs: 0 },
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await storage.close();
    await dropTables(prefix);
  });

  test('a round that is closed with every message sent leaves the index, whichever happens first', async () => {
    for (const closeFirst of [true, false]) {
      const { round: r, deliveries, encounters } = await startRound();
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      expect((await roundIndex()).map((row) => row.roundId)).toEqual([r.id]);
      const sendAll = async () => {
        for (const d of deliveries) await storage.rounds.markDelivery(r.id, d.userId, d.kind, { status: 'sent', attempts: 1, updatedAt: T0 });
        expect(await storage.rounds.roundsWithPendingDeliveries(T0)).toEqual([]);
      };
      if (closeFirst) await storage.rounds.close(r.id, at(DAY));
      await sendAll();
      if (!closeFirst) await storage.rounds.close(r.id, at(DAY));
      expect(await roundIndex()).toEqual([]);
    }
  });

  test('a round whose start was cut off before it committed is cleaned away, and the round can start again', async () => {
    const { p, round: r, deliveries, encounters } = await startRound();
    jest.spyOn(Table.prototype, 'transact').mockRejectedValueOnce(new Error('connection reset'));
    await expect(storage.rounds.start(r, deliveries, encounters, at(7 * DAY))).rejects.toThrow('connection reset');
    expect(await roundIndex()).toHaveLength(1);

    expect(await storage.rounds.roundsWithPendingDeliveries(T0)).toEqual([]);
    expect(await roundIndex()).toEqual([]);
    expect(await dumpAzureTables(azurite.connectionString, `${prefix}Rounds`)).toBe('');
    expect(await storage.rounds.start(r, deliveries, encounters, at(7 * DAY))).toEqual({ kind: 'started' });
    expect((await storage.rounds.latest(p.id))?.id).toBe(r.id);
  });

  test('messages queued when a round closed are sent even if the server stopped right after the close', async () => {
    const { p, round: r, deliveries, encounters } = await startRound();
    await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
    for (const d of deliveries) await storage.rounds.markDelivery(r.id, d.userId, d.kind, { status: 'sent', attempts: 1, updatedAt: T0 });
    // The close commits (the first transaction); copying its outbox into place (the second) never
    // happens: the server died in between.
    const commit = Table.prototype.transact;
    const insert = jest
      .spyOn(Table.prototype, 'transact')
      .mockImplementationOnce(function (this: Table, ...args) {
        return commit.apply(this, args);
      })
      .mockRejectedValueOnce(new Error('process killed'));
    const notice = {
      roundId: r.id,
      userId: deliveries[0]!.userId,
      kind: 'auto-paused' as const,
      status: 'pending' as const,
      attempts: 0,
      updatedAt: at(DAY),
    };
    await expect(
      storage.rounds.close(r.id, at(DAY), [{ programmeId: p.id, userId: notice.userId, silentRounds: 0, pausedUntil: at(365 * DAY) }], [notice]),
    ).rejects.toThrow('process killed');
    insert.mockRestore();
    expect((await storage.rounds.get(r.id))!.status).toBe('closed');

    const restarted = await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix });
    expect(await restarted.rounds.roundsWithPendingDeliveries(at(DAY))).toEqual([r.id]);
    expect((await restarted.rounds.deliveries(r.id)).filter((d) => d.kind === 'auto-paused')).toEqual([notice]);
    expect((await restarted.programmes.getMember(p.id, notice.userId))!.pausedUntil).toEqual(at(365 * DAY));
  });
});
