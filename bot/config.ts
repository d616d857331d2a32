import { z } from 'zod';
import { isLoopbackHost, isLoopbackHttpUrl } from './http/loopback';

/**
 * The only reader of process.env. Every key is documented in `.env.example`.
 * Bot Framework keys keep botbuilder's own names so that the same values work for
 * `ConfigurationBotFrameworkAuthentication` without translation.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * Where keys, tokens and data come from: https, so nobody on the network can swap them; plain http
 * only on this machine (a local token issuer, Azurite).
 */
const securityUrl = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    if (URL.canParse(v) && (new URL(v).protocol === 'https:' || isLoopbackHttpUrl(v))) return v;
    ctx.addIssue({ code: 'custom', message: 'must be an https:// URL (http:// only on this machine: localhost, 127.0.0.1, ::1)' });
    return z.NEVER;
  });

const booleanText = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: integer(3978, 0, 65535),
  HOST: optionalText,
  SQLITE_PATH: z.string().trim().min(1).default('./data/hallway.db'),
  STORAGE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.enum(['sqlite', 'azure-tables'], { error: 'must be sqlite or azure-tables' }).optional()),
  AZURE_TABLES_CONNECTION_STRING: optionalText,
  AZURE_TABLES_ACCOUNT_URL: securityUrl,
  AZURE_TABLES_PREFIX: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'hallway' : v))
    .pipe(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/, {
        error: 'must be a letter followed by up to 40 letters or digits (table names allow nothing else)',
      }),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: integer(256 * 1024, 1024, 10 * 1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: integer(15_000, 100, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 100, 600_000),
  HTTP_BODY_IDLE_TIMEOUT_MS: integer(10_000, 100, 600_000),
  CHECKIN_UPDATE_INTERVAL_MS: integer(2000, 250, 60_000),
  JOBS_INTERVAL_MS: integer(30_000, 0, 3_600_000),
  TENANT_REQUESTS_PER_SECOND: integer(30, 1, 50),
  RETENTION_DAYS: integer(30, 1, 3650),
  SSO_CLIENT_ID: optionalText,
  PUBLIC_HOSTNAME: optionalText,
  SSO_JWKS_URL: securityUrl,
  SSO_ISSUERS: optionalText,
  SSO_ALLOWED_CLIENT_IDS: optionalText,
  UNINSTALL_GRACE_DAYS: integer(30, 0, 3650),
  TAB_DIR: z.string().trim().min(1).default('./dist/tab'),
  TAB_API_USER_LIMIT: integer(100, 1, 1_000_000),

  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  MicrosoftAppTenantId: optionalText,
  ToBotFromChannelOpenIdMetadataUrl: securityUrl,
  ToBotFromChannelTokenIssuer: optionalText,
  ToChannelFromBotLoginUrl: securityUrl,
  ToChannelFromBotOAuthScope: optionalText,
  ValidateAuthority: booleanText(true),
});

export type BotFrameworkSettings = {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId?: string;
  ToBotFromChannelOpenIdMetadataUrl?: string;
  ToBotFromChannelTokenIssuer?: string;
  ToChannelFromBotLoginUrl?: string;
  ToChannelFromBotOAuthScope?: string;
  ValidateAuthority: boolean;
};

/** Where everything is stored: the SQLite file at `sqlitePath`, or Azure Tables (or Cosmos DB for Table). */
export type StorageSettings =
  | { driver: 'sqlite' }
  | {
      driver: 'azure-tables';
      /** Either a connection string, or the account's table endpoint signed in with managed identity. */
      connectionString?: string;
      accountUrl?: string;
      tablePrefix: string;
    };

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  sqlitePath: string;
  storage: StorageSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxBodyBytes: number;
  checkInUpdateIntervalMs: number;
  /** How often scheduled work (coffee rounds, follow-ups, unfinished deliveries) is looked for; 0 turns it off. */
  jobsIntervalMs: number;
  /** Outbound requests per second per tenant (Teams allows 50; older docs say 30). */
  tenantRequestsPerSecond: number;
  /** Check-in notes are deleted after this many days; moods and counts stay. */
  retentionDays: number;
  /** A team's or chat's data is deleted this many days after Hallway is removed from it. */
  uninstallGraceDays: number;
  /** Teams SSO for the tab API; absent when SSO_CLIENT_ID is not set (the API then refuses every call). */
  sso?: {
    jwksUrl: string;
    audiences: string[];
    issuers: string[];
    /** The apps a token may have been issued to (its azp/appid): the Teams clients, lower case. */
    allowedClientIds: string[];
  };
  /** How long a client may take: to send the headers, the whole request, and between two pieces of a body. */
  timeouts: HttpTimeouts;
  /** True when no MicrosoftAppId is set: inbound requests are not authenticated. */
  localMode: boolean;
  /** The built tab (hashed bundles and assets.json), served under /tab. */
  tabDir: string;
  /** Tab API calls allowed per person per 10 seconds (then 429 with Retry-After). */
  tabApiUserLimit: number;
  /** The local host page /dev and its made-up organisation: local mode only, never in production. */
  devHost: boolean;
  botFramework: BotFrameworkSettings;
};

export type HttpTimeouts = { headersMs: number; requestMs: number; bodyIdleMs: number };

/** Teams desktop/mobile and Teams web: the clients that ask Entra ID for the tab's SSO token. */
export const TEAMS_CLIENT_IDS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; errors: string[] };

/** Reads and validates the environment; one line per bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const errors: string[] = [];
  const warnings: string[] = [];
  const localMode = !e.MicrosoftAppId;
  // Without credentials nothing authenticates a request, so only this machine may send one.
  const host = e.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0');

  if (localMode) {
    if (e.NODE_ENV === 'production') {
      errors.push('MicrosoftAppId: required when NODE_ENV=production (local mode accepts unauthenticated requests)');
    } else {
      warnings.push(
        'LOCAL MODE: MicrosoftAppId is not set, so /api/messages accepts requests WITHOUT authentication. ' +
          `Hallway listens on ${host} only and replies only to a Bot Connector on this machine; ` +
          'set MicrosoftAppId and MicrosoftAppPassword for Teams.',
      );
    }
    if (e.MicrosoftAppPassword) errors.push('MicrosoftAppPassword: set, but MicrosoftAppId is empty');
    if (!isLoopbackHost(host)) {
      errors.push(
        `HOST: ${host} would let other machines reach Hallway, and without MicrosoftAppId nothing authenticates their requests. ` +
          'Leave HOST unset (or 127.0.0.1) to try Hallway on this machine, or set MicrosoftAppId and MicrosoftAppPassword to serve Teams.',
      );
    }
  } else {
    const type = e.MicrosoftAppType ?? 'MultiTenant';
    if (type !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
      errors.push(`MicrosoftAppPassword: required for MicrosoftAppType=${type}`);
    }
    if (type !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      errors.push(`MicrosoftAppTenantId: required for MicrosoftAppType=${type}`);
    }
  }
  const azureTables = Boolean(e.AZURE_TABLES_CONNECTION_STRING || e.AZURE_TABLES_ACCOUNT_URL);
  if (e.STORAGE === 'azure-tables') {
    if (!azureTables) {
      errors.push('AZURE_TABLES_CONNECTION_STRING: required for STORAGE=azure-tables (or set AZURE_TABLES_ACCOUNT_URL to sign in with a managed identity)');
    } else if (e.AZURE_TABLES_CONNECTION_STRING && e.AZURE_TABLES_ACCOUNT_URL) {
      errors.push('AZURE_TABLES_ACCOUNT_URL: set either it or AZURE_TABLES_CONNECTION_STRING, not both');
    }
  } else if (azureTables) {
    // Likely a forgotten STORAGE: each instance would keep its own SQLite file and split the data.
    warnings.push('AZURE_TABLES_* is set but STORAGE is not azure-tables: Hallway stores everything in the SQLite file SQLITE_PATH.');
  }
  const allowedClientIds = clientIds(e.SSO_ALLOWED_CLIENT_IDS, errors);
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    errors.push('HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)');
  }
  if (errors.length > 0) return { ok: false, errors };

  return {
    ok: true,
    warnings,
    config: {
      env: e.NODE_ENV,
      port: e.PORT,
      host,
      sqlitePath: e.SQLITE_PATH,
      storage:
        e.STORAGE === 'azure-tables'
          ? {
              driver: 'azure-tables',
              connectionString: e.AZURE_TABLES_CONNECTION_STRING,
              accountUrl: e.AZURE_TABLES_ACCOUNT_URL,
              tablePrefix: e.AZURE_TABLES_PREFIX,
            }
          : { driver: 'sqlite' },
      logLevel: e.LOG_LEVEL,
      maxBodyBytes: e.MAX_BODY_BYTES,
      checkInUpdateIntervalMs: e.CHECKIN_UPDATE_INTERVAL_MS,
      jobsIntervalMs: e.JOBS_INTERVAL_MS,
      tenantRequestsPerSecond: e.TENANT_REQUESTS_PER_SECOND,
      retentionDays: e.RETENTION_DAYS,
      uninstallGraceDays: e.UNINSTALL_GRACE_DAYS,
      sso: e.SSO_CLIENT_ID
        ? {
            jwksUrl: e.SSO_JWKS_URL ?? 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
            audiences: [e.SSO_CLIENT_ID, ...(e.PUBLIC_HOSTNAME ? [`api://${e.PUBLIC_HOSTNAME}/${e.SSO_CLIENT_ID}`] : [])],
            issuers: e.SSO_ISSUERS
              ? e.SSO_ISSUERS.split(',')
                  .map((i) => i.trim())
                  .filter(Boolean)
              : ['https://login.microsoftonline.com/{tenantid}/v2.0', 'https://sts.windows.net/{tenantid}/'],
            allowedClientIds,
          }
        : undefined,
      timeouts: { headersMs: e.HTTP_HEADERS_TIMEOUT_MS, requestMs: e.HTTP_REQUEST_TIMEOUT_MS, bodyIdleMs: e.HTTP_BODY_IDLE_TIMEOUT_MS },
      localMode,
      tabDir: e.TAB_DIR,
      tabApiUserLimit: e.TAB_API_USER_LIMIT,
      devHost: localMode && e.NODE_ENV !== 'production',
      botFramework: {
        MicrosoftAppId: e.MicrosoftAppId,
        MicrosoftAppPassword: e.MicrosoftAppPassword,
        MicrosoftAppType: e.MicrosoftAppId ? (e.MicrosoftAppType ?? 'MultiTenant') : undefined,
        MicrosoftAppTenantId: e.MicrosoftAppTenantId,
        ToBotFromChannelOpenIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
        ToBotFromChannelTokenIssuer: e.ToBotFromChannelTokenIssuer,
        ToChannelFromBotLoginUrl: e.ToChannelFromBotLoginUrl,
        ToChannelFromBotOAuthScope: e.ToChannelFromBotOAuthScope,
        ValidateAuthority: e.ValidateAuthority,
      },
    },
  };
}

/** SSO_ALLOWED_CLIENT_IDS: comma-separated GUIDs, lower case; the Teams clients when unset. */
function clientIds(value: string | undefined, errors: string[]): string[] {
  if (value === undefined) return TEAMS_CLIENT_IDS;
  const ids = value
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const bad = ids.filter((id) => !GUID.test(id));
  if (bad.length > 0) {
    errors.push(
      `SSO_ALLOWED_CLIENT_IDS: ${bad.map((id) => JSON.stringify(id.slice(0, 60))).join(', ')} is not a client id (a GUID such as ${TEAMS_CLIENT_IDS[0]})`,
    );
  } else if (ids.length === 0) {
    errors.push('SSO_ALLOWED_CLIENT_IDS: list at least one client id, or leave it unset for the Teams clients');
  }
  return ids;
}
