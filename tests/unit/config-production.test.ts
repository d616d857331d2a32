import { loadConfig, resolveSsoClientId } from '../../bot/config';

/** A production configuration that starts: a single-tenant bot, tab sign-in with the bot's own registration, Azure Tables. */
const GOOD: Record<string, string> = {
  NODE_ENV: 'production',
  MicrosoftAppId: '8f0a6c1e-0000-4000-8000-00000000b0b0',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
  SSO_CLIENT_ID: '8f0a6c1e-0000-4000-8000-00000000b0b0',
  PUBLIC_HOSTNAME: 'hallway.contoso.com',
  STORAGE: 'azure-tables',
  AZURE_TABLES_ACCOUNT_URL: 'https://hallwaydata.table.core.windows.net',
};

/** The same with a user-assigned managed identity: no password, tab sign-in on an app registration of its own. */
const MSI: Record<string, string | undefined> = {
  ...GOOD,
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppId: '1e2d3c4b-0000-4000-8000-0000000000aa',
  MicrosoftAppPassword: undefined,
};

const GUID_NOTE = /must be .*a GUID such as/;

/** [what is wrong, the settings, the setting the refusal names, what it says] */
const BAD: [string, Record<string, string | undefined>, string, RegExp][] = [
  ['a bot id that is not a GUID', { MicrosoftAppId: 'hallway-bot' }, 'MicrosoftAppId', GUID_NOTE],
  ['a bot id with braces', { MicrosoftAppId: '{8f0a6c1e-0000-4000-8000-00000000b0b0}' }, 'MicrosoftAppId', GUID_NOTE],
  ['a tenant given by its domain name', { MicrosoftAppTenantId: 'contoso.onmicrosoft.com' }, 'MicrosoftAppTenantId', GUID_NOTE],
  ['a tab sign-in id that is not a GUID', { SSO_CLIENT_ID: 'api://hallway.contoso.com/8f0a6c1e' }, 'SSO_CLIENT_ID', GUID_NOTE],
  ['a managed identity client id that is not a GUID', { AZURE_CLIENT_ID: 'hallway-identity' }, 'AZURE_CLIENT_ID', GUID_NOTE],
  ['a public host with a scheme', { PUBLIC_HOSTNAME: 'https://hallway.contoso.com' }, 'PUBLIC_HOSTNAME', /host name only/],
  ['a public host with a path', { PUBLIC_HOSTNAME: 'hallway.contoso.com/tab' }, 'PUBLIC_HOSTNAME', /host name only/],
  ['a public host with a port', { PUBLIC_HOSTNAME: 'hallway.contoso.com:443' }, 'PUBLIC_HOSTNAME', /host name only/],
  ['a public host of one label', { PUBLIC_HOSTNAME: 'hallway' }, 'PUBLIC_HOSTNAME', /host name only/],
  ['no public host', { PUBLIC_HOSTNAME: undefined }, 'PUBLIC_HOSTNAME', /required when NODE_ENV=production/],
  ['no tab sign-in', { SSO_CLIENT_ID: undefined }, 'SSO_CLIENT_ID', /required when NODE_ENV=production/],
  [
    'the package and the server on different sign-in apps',
    { SSO_APP_ID: '0a1b2c3d-0000-4000-8000-000000000001' },
    'SSO_CLIENT_ID',
    /SSO_APP_ID: 0a1b2c3d.* differ; they are one setting/,
  ],
  ['no bot id', { MicrosoftAppId: undefined, MicrosoftAppPassword: undefined }, 'MicrosoftAppId', /required when NODE_ENV=production/],
  ['an unknown bot type', { MicrosoftAppType: 'SingleTenantBot' }, 'MicrosoftAppType', /one of MultiTenant, SingleTenant, UserAssignedMSI/],
  ['a single-tenant bot without its secret', { MicrosoftAppPassword: undefined }, 'MicrosoftAppPassword', /required for MicrosoftAppType=SingleTenant/],
  ['a single-tenant bot without its tenant', { MicrosoftAppTenantId: undefined }, 'MicrosoftAppTenantId', /required for MicrosoftAppType=SingleTenant/],
  ['a log level by number', { LOG_LEVEL: '30' }, 'LOG_LEVEL', /one of fatal, error, warn, info, debug, trace, silent/],
  ['SQLite on App Service', { STORAGE: undefined, AZURE_TABLES_ACCOUNT_URL: undefined, WEBSITE_SITE_NAME: 'hallway-app' }, 'STORAGE', /network share/],
  ['Azure Tables over plain http', { AZURE_TABLES_ACCOUNT_URL: 'http://hallwaydata.table.core.windows.net' }, 'AZURE_TABLES_ACCOUNT_URL', /https/],
];

const MSI_BAD: [string, Record<string, string | undefined>, string, RegExp][] = [
  ['a managed identity given a password', { MicrosoftAppPassword: 'secret' }, 'MicrosoftAppPassword', /must be empty for MicrosoftAppType=UserAssignedMSI/],
  ['a managed identity without its tenant', { MicrosoftAppTenantId: undefined }, 'MicrosoftAppTenantId', /required for MicrosoftAppType=UserAssignedMSI/],
  ['tab sign-in on the managed identity', { SSO_CLIENT_ID: MSI.MicrosoftAppId }, 'SSO_CLIENT_ID', /managed identity, which cannot sign people in/],
];

function refusal(settings: Record<string, string | undefined>): string[] {
  const result = loadConfig(Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)));
  return result.ok ? [] : result.errors;
}

describe('production settings', () => {
  test('a single-tenant bot with tab sign-in on its own registration starts', () => {
    expect(refusal(GOOD)).toEqual([]);
  });

  test('a user-assigned managed identity starts without a password, and Azure Tables signs in as that identity', () => {
    const result = loadConfig(Object.fromEntries(Object.entries({ ...MSI, SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e' }).filter(([, v]) => v)));
    expect(result.ok && result.config.storage).toMatchObject({ driver: 'azure-tables', managedIdentityClientId: MSI.MicrosoftAppId });
  });

  test.each(BAD)('%s is refused at start-up, naming the setting', (_what, change, setting, says) => {
    const errors = refusal({ ...GOOD, ...change });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(`${setting}: `)).toBe(true);
    expect(errors[0]).toMatch(says);
  });

  test.each(MSI_BAD)('%s is refused at start-up, naming the setting', (_what, change, setting, says) => {
    const errors = refusal({ ...MSI, SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e', ...change });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.startsWith(`${setting}: `)).toBe(true);
    expect(errors[0]).toMatch(says);
  });

  test('log levels are read by name, in any case', () => {
    const result = loadConfig({ ...GOOD, LOG_LEVEL: 'WARN' });
    expect(result.ok && result.config.logLevel).toBe('warn');
  });

  test('outside production, SQLite on App Service starts with a warning that names the risk', () => {
    const result = loadConfig({ MicrosoftAppId: GOOD.MicrosoftAppId, MicrosoftAppPassword: 'x', WEBSITE_SITE_NAME: 'hallway-app' });
    expect(result.ok && result.warnings).toEqual([expect.stringMatching(/^STORAGE: SQLite is not safe on Azure App Service/)]);
  });
});

describe('tab sign-in has one setting', () => {
  test('SSO_CLIENT_ID is the setting; the old SSO_APP_ID alone is still read, with a warning to rename it', () => {
    expect(resolveSsoClientId({ SSO_CLIENT_ID: 'a' })).toEqual({ value: 'a' });
    expect(resolveSsoClientId({ SSO_APP_ID: 'a' })).toEqual({ value: 'a', deprecated: true });
    const result = loadConfig({ ...GOOD, SSO_CLIENT_ID: '', SSO_APP_ID: GOOD.SSO_CLIENT_ID });
    expect(result.ok && result.warnings).toEqual([expect.stringMatching(/^SSO_APP_ID is deprecated: rename it SSO_CLIENT_ID/)]);
  });

  test('both set to the same app (in any case) is accepted', () => {
    expect(refusal({ ...GOOD, SSO_APP_ID: GOOD.SSO_CLIENT_ID!.toUpperCase() })).toEqual([]);
  });

  test('both set to different apps is refused in any environment, naming both', () => {
    const errors = refusal({ SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e', SSO_APP_ID: '0a1b2c3d-0000-4000-8000-000000000001' });
    expect(errors).toEqual([expect.stringMatching(/^SSO_CLIENT_ID: 7d3c1b2a.* and SSO_APP_ID: 0a1b2c3d.* differ/)]);
  });
});
