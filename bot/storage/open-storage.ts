import type { Config } from '../config';
import { openAzureTablesStorage } from './azure/azure-storage';
import type { Storage } from './ports';
import { openSqliteStorage } from './sqlite/sqlite-storage';

/** Opens the configured storage driver: the SQLite file, or Azure Tables (which opens asynchronously, creating its tables). */
export async function openStorage(config: Pick<Config, 'storage' | 'sqlitePath'>): Promise<Storage> {
  const settings = config.storage;
  if (settings.driver === 'azure-tables') {
    return openAzureTablesStorage({
      connectionString: settings.connectionString,
      accountUrl: settings.accountUrl,
      tablePrefix: settings.tablePrefix,
    });
  }
  return openSqliteStorage(config.sqlitePath);
}
