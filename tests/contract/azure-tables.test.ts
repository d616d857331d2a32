import { randomBytes } from 'node:crypto';
import { TableServiceClient } from '@azure/data-tables';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { dumpAzureTables } from '../fixtures/storage-dump';
import { storageContract } from './storage.contract';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

// Each test gets tables of its own, by prefix, in one Azurite.
storageContract('Azure Tables', async () => {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  return {
    open: () => openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix }),
    dump: () => dumpAzureTables(azurite.connectionString, prefix),
    async destroy() {
      const service = TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true });
      for await (const table of service.listTables()) if (table.name?.startsWith(prefix)) await service.deleteTable(table.name);
    },
  };
});
