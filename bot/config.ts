import { z } from 'zod';
import { booleanText, GUID, guid, hostName, integer, LOG_LEVELS, type LogLevel, oneOf, optionalText, securityUrl } from './config-values';
import { isLoopbackHost } from './http/loopback';

/**
 * The only reader of process.env. Every key is documented in `.env.example`.
 * Bot Framework keys keep botbuilder's own names so that the same values work for
 * `ConfigurationBotFrameworkAuthentication` without translation.
 */
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

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
  LOG_LEVEL: oneOf(LOG_LEVELS),
  MAX_BODY_BYTES: integer(256 * 1024, 1024, 10 * 1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: integer(15_000, 100, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 100, 600_000),
  HTTP_BODY_IDLE_TIMEOUT_MS: integer(10_000, 100, 600_000),
  CHECKIN_UPDATE_INTERVAL_MS: integer(2000, 250, 60_000),
  JOBS_INTERVAL_MS: integer(30_000, 0, 3_600_000),
  TENANT_REQUESTS_PER_SECOND: integer(30, 1, 50),
  RETENTION_DAYS: integer(30, 1, 3650),
  SSO_CLIENT_ID: guid('the Entra app (client) id the tab signs in with'),
  /** Deprecated: the package builder's old name for SSO_CLIENT_ID, accepted while it agrees. */
  SSO_APP_ID: guid('the Entra app (client) id the tab signs in with'),
  PUBLIC_HOSTNAME: hostName,
  SSO_JWKS_URL: securityUrl,
  SSO_ISSUERS: optionalText,
  SSO_ALLOWED_CLIENT_IDS: optionalText,
  UNINSTALL_GRACE_DAYS: integer(30, 0, 3650),
  DAYS_PLAN_LEAD_DAYS: integer(7, 0, 60),
  TAB_DIR: z.string().trim().min(1).default('./dist/tab'),
  TAB_API_USER_LIMIT: integer(100, 1, 1_000_000),

  MicrosoftAppId: guid("the bot's Microsoft App ID (for UserAssignedMSI, the managed identity's client id)"),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: oneOf(APP_TYPES),
  MicrosoftAppTenantId: guid('the directory (tenant) id'),

  /** The user-assigned managed identity Azure Tables signs in with (also read by @azure/identity itself). */
  AZURE_CLIENT_ID: guid("the managed identity's client id"),
  /** Set by Azure App Service in every app: Hallway runs there, where the only persistent disk is a network share. */
  WEBSITE_SITE_NAME: optionalText,
  ToBotFromChannelOpenIdMetadataUrl: securityUrl,
  ToBotFromChannelTokenIssuer: optionalText,
  ToChannelFromBotLoginUrl: securityUrl,
  ToChannelFromBotOAuthScope: optionalText,
  ValidateAuthority: booleanText(true),
});

export type BotFrameworkSettings = {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType?: (typeof APP_TYPES)[number];
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
      /** For `accountUrl`: the user-assigned managed identity to sign in with (else DefaultAzureCredential's choice). */
      managedIdentityClientId?: string;
      tablePrefix: string;
    };

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  sqlitePath: string;
  storage: StorageSettings;
  logLevel: LogLevel;
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
  /** Days together: the social plan (tables, walks) is drawn this many days before the first day. */
  daysPlanLeadDays: number;
  /** Teams SSO for the tab API; absent when SSO_CLIENT_ID is not set (the API then refuses every call; production refuses to start). */
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

/** Every setting Hallway reads (the infrastructure's app settings are checked against it). */
export const KNOWN_SETTINGS: readonly string[] = Object.keys(envSchema.shape);

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
    errors.push(...credentialProblems(e));
  }
  const sso = resolveSsoClientId(e);
  if (sso.error) errors.push(sso.error);
  if (sso.deprecated) warnings.push('SSO_APP_ID is deprecated: rename it SSO_CLIENT_ID (one setting for the package and the server).');
  if (e.NODE_ENV === 'production') errors.push(...productionProblems(e, sso));
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
  if (e.STORAGE !== 'azure-tables' && e.WEBSITE_SITE_NAME && e.NODE_ENV !== 'production') warnings.push(APP_SERVICE_SQLITE);
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
              // A user-assigned identity must be named; the bot's own identity is the natural one to reuse.
              managedIdentityClientId: e.AZURE_CLIENT_ID ?? (e.MicrosoftAppType === 'UserAssignedMSI' ? e.MicrosoftAppId : undefined),
              tablePrefix: e.AZURE_TABLES_PREFIX,
            }
          : { driver: 'sqlite' },
      logLevel: e.LOG_LEVEL ?? 'info',
      maxBodyBytes: e.MAX_BODY_BYTES,
      checkInUpdateIntervalMs: e.CHECKIN_UPDATE_INTERVAL_MS,
      jobsIntervalMs: e.JOBS_INTERVAL_MS,
      tenantRequestsPerSecond: e.TENANT_REQUESTS_PER_SECOND,
      retentionDays: e.RETENTION_DAYS,
      uninstallGraceDays: e.UNINSTALL_GRACE_DAYS,
      daysPlanLeadDays: e.DAYS_PLAN_LEAD_DAYS,
      sso: sso.value
        ? {
            jwksUrl: e.SSO_JWKS_URL ?? 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
            audiences: [sso.value, ...(e.PUBLIC_HOSTNAME ? [`api://${e.PUBLIC_HOSTNAME}/${sso.value}`] : [])],
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

type Settings = z.infer<typeof envSchema>;

/** What each kind of Bot Framework identity needs (botbuilder's names and rules). */
function credentialProblems(e: Settings): string[] {
  const problems: string[] = [];
  const type = e.MicrosoftAppType ?? 'MultiTenant';
  if (type === 'UserAssignedMSI') {
    if (e.MicrosoftAppPassword) {
      problems.push('MicrosoftAppPassword: must be empty for MicrosoftAppType=UserAssignedMSI (the managed identity signs in without a secret)');
    }
  } else if (!e.MicrosoftAppPassword) {
    problems.push(`MicrosoftAppPassword: required for MicrosoftAppType=${type} (a client secret of the bot's app registration)`);
  }
  if (type !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppTenantId: required for MicrosoftAppType=${type} (the directory the bot's identity lives in)`);
  }
  return problems;
}

const APP_SERVICE_SQLITE =
  'STORAGE: SQLite is not safe on Azure App Service (WEBSITE_SITE_NAME is set): its only persistent disk, /home, is a network share, ' +
  "where SQLite's locking and write-ahead log can corrupt the database, and every other folder is lost on restart. Set STORAGE=azure-tables.";

/** In production a half-configured Hallway would start and then refuse everyone: stop instead, naming the setting. */
function productionProblems(e: Settings, sso: ReturnType<typeof resolveSsoClientId>): string[] {
  const problems: string[] = [];
  const ssoClientId = sso.value;
  if (sso.error) {
    // Already refused, naming both settings.
  } else if (!ssoClientId) {
    problems.push(
      "SSO_CLIENT_ID: required when NODE_ENV=production (the Entra app the tab signs in with; the bot's MicrosoftAppId for one registration), or every tab call is refused",
    );
  } else if (e.MicrosoftAppType === 'UserAssignedMSI' && e.MicrosoftAppId && ssoClientId.toLowerCase() === e.MicrosoftAppId.toLowerCase()) {
    problems.push("SSO_CLIENT_ID: is the bot's managed identity, which cannot sign people in; use an Entra app registration with access_as_user");
  }
  if (!e.PUBLIC_HOSTNAME) {
    problems.push('PUBLIC_HOSTNAME: required when NODE_ENV=production (the host Teams loads the tab from, e.g. hallway.contoso.com)');
  }
  if (e.STORAGE !== 'azure-tables' && e.WEBSITE_SITE_NAME) problems.push(APP_SERVICE_SQLITE);
  return problems;
}

/**
 * Tab sign-in's one setting, SSO_CLIENT_ID, read by the server and the package builder alike.
 * SSO_APP_ID, its old name in the package builder, is still accepted alone or when it agrees.
 */
export function resolveSsoClientId(values: { SSO_CLIENT_ID?: string; SSO_APP_ID?: string }): { value?: string; deprecated?: boolean; error?: string } {
  const current = values.SSO_CLIENT_ID?.trim() || undefined;
  const old = values.SSO_APP_ID?.trim() || undefined;
  if (!old) return { value: current };
  if (!current) return { value: old, deprecated: true };
  if (current.toLowerCase() === old.toLowerCase()) return { value: current, deprecated: true };
  return {
    error: `SSO_CLIENT_ID: ${current} and SSO_APP_ID: ${old} differ; they are one setting (the tab's sign-in app for the package and the server): keep SSO_CLIENT_ID only`,
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
