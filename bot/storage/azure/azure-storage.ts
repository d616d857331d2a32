import { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { Storage } from '../ports';
import { azureCheckIns } from './azure-check-ins';
import { azureInstallations } from './azure-installations';
import { azureJobs } from './azure-jobs';
import { azureMeetingSettings } from './azure-meeting-settings';
import { azureBreaks } from './azure-breaks';
import { azureDays } from './azure-days';
import { People } from './azure-people';
import { azurePrivacy } from './azure-privacy';
import { azureProgrammes } from './azure-programmes';
import { azurePulse } from './azure-pulse';
import { azureRounds, ROUND_TIMINGS, type RoundTimings } from './azure-rounds';
import { Table, TABLE_NAMES, type Tables, type TableRole } from './azure-table';
import { isCosmosEndpoint, parseConnectionString, PipelineSender, SharedKeySender, type TableSender } from './table-http';

export type AzureTablesOptions = {
  /** A storage account (or Azurite, or Cosmos DB for Table) connection string. */
  connectionString?: string;
  /** Or the table endpoint, e.g. https://<account>.table.core.windows.net, signed in with `credential`. */
  accountUrl?: string;
  /** For `accountUrl`: defaults to DefaultAzureCredential (managed identity in Azure). */
  credential?: TokenCredential;
  /**
   * A certificate authority to trust for the table endpoint (PEM), besides the system's: an emulator
   * or a private endpoint with a certificate of its own. Not a setting: those who need it trust it
   * for the whole process with NODE_EXTRA_CA_CERTS; tests give it here.
   */
  trustedCa?: string;
  /** Prepended to every table name, so several deployments (or tests) can share an account. */
  tablePrefix?: string;
  /** How long the scheduling index waits before letting go of a round; the defaults suit production, tests shorten them. */
  timings?: Partial<RoundTimings>;
};

export const TABLE_PREFIX = /^[A-Za-z][A-Za-z0-9]{0,40}$/;

/**
 * Azure Table Storage (or Cosmos DB for Table) behind the storage port, for several instances
 * sharing the load. Creates its tables when missing. Every read-modify-write is guarded by the
 * entity's ETag and retried a bounded number of times; see each module for its partition design.
 */
export async function openAzureTablesStorage(options: AzureTablesOptions): Promise<Storage> {
  const prefix = options.tablePrefix ?? 'hallway';
  if (!TABLE_PREFIX.test(prefix)) throw new Error(`table prefix "${prefix}" must be a letter followed by up to 40 letters or digits`);
  const client = await clientFactory(options);
  const signed = sharedKeySender(options);
  const tables = {} as Tables;
  await Promise.all(
    (Object.keys(TABLE_NAMES) as TableRole[]).map(async (role) => {
      const name = `${prefix}${TABLE_NAMES[role]}`;
      const tableClient = client(name);
      tables[role] = new Table(tableClient, name, signed ?? new PipelineSender(tableClient));
      await ensureTable(tables[role]);
    }),
  );
  const people = new People(tables.people);
  let closed = false;

  return {
    installations: azureInstallations(tables, people),
    checkIns: azureCheckIns(tables, people),
    meetingSettings: azureMeetingSettings(tables.meetingSettings),
    programmes: azureProgrammes(tables, people),
    rounds: azureRounds(tables, { ...ROUND_TIMINGS, ...options.timings }),
    privacy: azurePrivacy(tables, people),
    jobs: azureJobs(tables.jobs),
    breaks: azureBreaks(tables, people),
    pulse: azurePulse(tables, azureCheckIns(tables, people)),
    days: azureDays(tables, people),
    async ping() {
      if (closed) throw new Error('storage is closed');
      // A point read of a row that never exists: one cheap round trip that proves access.
      await tables.jobs.get('~ping', 'job');
    },
    async close() {
      // The HTTP clients hold no connections of their own to release; refuse further readiness.
      closed = true;
    },
  };
}

async function clientFactory(options: AzureTablesOptions): Promise<(table: string) => TableClient> {
  const tls = options.trustedCa ? { tlsOptions: { ca: options.trustedCa } } : {};
  if (options.connectionString) {
    const cs = options.connectionString;
    // Azurite (and a local emulator) speak plain http; the SDK refuses that unless told.
    const insecure = /DefaultEndpointsProtocol=http;/i.test(cs) || /TableEndpoint=http:\/\//i.test(cs);
    return (table) => TableClient.fromConnectionString(cs, table, { allowInsecureConnection: insecure, ...tls });
  }
  if (options.accountUrl) {
    const url = options.accountUrl;
    const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    return (table) => new TableClient(url, table, credential, { allowInsecureConnection: url.startsWith('http://'), ...tls });
  }
  throw new Error('Azure Tables storage needs a connection string or an account URL');
}

/**
 * With an account key (not Cosmos DB, whose details the SDK's pipeline knows), requests are signed
 * here and sent on Node's own client; otherwise (SAS, Entra ID) through the SDK client's pipeline.
 */
function sharedKeySender(options: AzureTablesOptions): TableSender | undefined {
  const settings = options.connectionString ? parseConnectionString(options.connectionString) : undefined;
  if (!settings?.key || !settings.account || settings.sas || isCosmosEndpoint(settings.endpoint)) return undefined;
  return new SharedKeySender(settings.endpoint, settings.account, settings.key, options.trustedCa);
}

async function ensureTable(table: Table): Promise<void> {
  try {
    await table.client.createTable(); // already there is fine: the SDK ignores 409
  } catch (error) {
    // With Entra ID on Cosmos DB for Table the data plane may not create tables (403), but the
    // table may well exist: check by reading before giving up.
    try {
      await table.client.listEntities().byPage({ maxPageSize: 1 }).next();
    } catch {
      throw new Error(`table ${table.name} does not exist and could not be created: ${(error as Error).message}`);
    }
  }
}
