import { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { MeetingSettings } from '../../domain/check-in/model';
import type { MeetingSettingsStore } from '../../domain/check-in/ports';
import type { Installation, Installations } from '../../domain/installations';
import type { Jobs } from '../../domain/privacy-ports';
import type { Storage } from '../ports';
import { azureCheckIns } from './azure-check-ins';
import { azureBreaks } from './azure-breaks';
import { People } from './azure-people';
import { azurePrivacy } from './azure-privacy';
import { azureProgrammes } from './azure-programmes';
import { azureRounds, ROUND_TIMINGS, type RoundTimings } from './azure-rounds';
import { CONFLICT, optimistic, Table, TABLE_NAMES, type Tables, type TableRole } from './azure-table';
import { getJson, iso, key, putJson, toDate } from './keys';

export type AzureTablesOptions = {
  /** A storage account (or Azurite, or Cosmos DB for Table) connection string. */
  connectionString?: string;
  /** Or the table endpoint, e.g. https://<account>.table.core.windows.net, signed in with `credential`. */
  accountUrl?: string;
  /** For `accountUrl`: defaults to DefaultAzureCredential (managed identity in Azure). */
  credential?: TokenCredential;
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
  const tables = {} as Tables;
  await Promise.all(
    (Object.keys(TABLE_NAMES) as TableRole[]).map(async (role) => {
      const name = `${prefix}${TABLE_NAMES[role]}`;
      tables[role] = new Table(client(name), name);
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
  if (options.connectionString) {
    const cs = options.connectionString;
    // Azurite (and a local emulator) speak plain http; the SDK refuses that unless told.
    const insecure = /DefaultEndpointsProtocol=http;/i.test(cs) || /TableEndpoint=http:\/\//i.test(cs);
    return (table) => TableClient.fromConnectionString(cs, table, { allowInsecureConnection: insecure });
  }
  if (options.accountUrl) {
    const url = options.accountUrl;
    const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    return (table) => new TableClient(url, table, credential, { allowInsecureConnection: url.startsWith('http://') });
  }
  throw new Error('Azure Tables storage needs a connection string or an account URL');
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

/** Installations: partition = conversation id, one row. */
function azureInstallations(tables: Tables, people: People): Installations {
  const t = tables.installations;
  const RK = 'installation';
  const entity = (inst: Installation, installedBy: string | undefined, installedAt: string) => {
    const e: Record<string, unknown> = {
      partitionKey: key(inst.conversationId),
      rowKey: RK,
      conversationId: inst.conversationId,
      tenantId: inst.tenantId,
      conversationType: inst.conversationType,
      teamId: inst.teamId,
      teamName: inst.teamName,
      installedBy,
      installedAt,
      updatedAt: iso(inst.installedAt),
    };
    putJson(e, 'reference', inst.reference);
    return e as { partitionKey: string; rowKey: string };
  };
  return {
    async upsert(inst) {
      return optimistic('installations.upsert', async () => {
        const existing = await t.get(key(inst.conversationId), RK);
        if (!existing) {
          await people.note({ table: 'installations', pk: key(inst.conversationId), rk: RK }, [inst.installedBy]);
          return (await t.create(entity(inst, inst.installedBy, iso(inst.installedAt)))) ? { created: true } : CONFLICT;
        }
        // Reinstalled after a removal (within the grace period, so the data is still there).
        const wasRemoved = existing.removedAt !== undefined;
        const next = entity(inst, existing.installedBy as string | undefined, existing.installedAt as string);
        return (await t.replace(next, existing.etag)) ? { created: wasRemoved } : CONFLICT;
      });
    },
    async get(conversationId) {
      const e = await t.get(key(conversationId), RK);
      if (!e) return undefined;
      return {
        conversationId: e.conversationId as string,
        tenantId: e.tenantId as string,
        conversationType: e.conversationType as Installation['conversationType'],
        teamId: e.teamId as string | undefined,
        teamName: e.teamName as string | undefined,
        reference: getJson(e, 'reference'),
        installedBy: e.installedBy as string | undefined,
        installedAt: toDate(e.installedAt)!,
      };
    },
  };
}

/** Meeting settings: partition = meeting id, one row. */
function azureMeetingSettings(t: Table): MeetingSettingsStore {
  return {
    async get(meetingId) {
      const e = await t.get(key(meetingId), 'settings');
      return e ? getJson<MeetingSettings>(e, 'settings') : undefined;
    },
    async put(meetingId, settings) {
      const e: Record<string, unknown> = { partitionKey: key(meetingId), rowKey: 'settings', updatedAt: iso(new Date()) };
      putJson(e, 'settings', settings);
      await t.upsert(e as { partitionKey: string; rowKey: string });
    },
  };
}

/** Periodic jobs: partition = job name; the next run time is moved on under its ETag, so one instance wins. */
function azureJobs(t: Table): Jobs {
  return {
    async claim(name, now, nextRunAt) {
      return optimistic('jobs.claim', async () => {
        const row = await t.get(key(name), 'job');
        const next = { partitionKey: key(name), rowKey: 'job', nextRunAt: iso(nextRunAt) };
        if (!row) return (await t.create(next)) ? true : CONFLICT;
        if ((row.nextRunAt as string) > iso(now)) return false;
        return (await t.replace(next, row.etag)) ? true : CONFLICT;
      });
    },
  };
}
