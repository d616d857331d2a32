import type { TokenCredential } from '@azure/identity';
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
      credential: settings.accountUrl ? await managedIdentity(settings.managedIdentityClientId) : undefined,
      tablePrefix: settings.tablePrefix,
    });
  }
  return openSqliteStorage(config.sqlitePath);
}

/**
 * Signs in to the account URL without a secret: in Azure with the app's managed identity (a
 * user-assigned one must be named by its client id, or Azure cannot tell which), elsewhere with
 * whatever DefaultAzureCredential finds (Azure CLI sign-in, workload identity).
 */
async function managedIdentity(clientId: string | undefined): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
}
