import { loadConfig, type Config, type ConfigResult } from '../../bot/config';

function ok(result: ConfigResult): { config: Config; warnings: string[] } {
  if (!result.ok) throw new Error(`expected a valid configuration, got: ${result.errors.join('; ')}`);
  return result;
}

function errorsOf(result: ConfigResult): string[] {
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.errors;
}

const CREDENTIALS = { MicrosoftAppId: '8f0a6c1e-0000-4000-8000-00000000b0b0', MicrosoftAppPassword: 'not-a-real-secret' };
/** The tab's sign-in settings production requires. */
const TAB_SIGN_IN = { SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e', PUBLIC_HOSTNAME: 'hallway.contoso.com' };

describe('configuration from the environment', () => {
  test('with nothing set, Hallway runs on 127.0.0.1 port 3978 with ./data/hallway.db in local mode and warns about it', () => {
    const { config, warnings } = ok(loadConfig({}));
    expect(config).toMatchObject({
      env: 'development',
      port: 3978,
      host: '127.0.0.1',
      sqlitePath: './data/hallway.db',
      logLevel: 'info',
      checkInUpdateIntervalMs: 2000,
      localMode: true,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/LOCAL MODE/);
    expect(warnings[0]).toMatch(/WITHOUT authentication/);
    expect(warnings[0]).toContain('MicrosoftAppId');
  });

  test('empty values, as an .env file leaves them, count as not set', () => {
    const { config } = ok(loadConfig({ PORT: '', CHECKIN_UPDATE_INTERVAL_MS: ' ', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '' }));
    expect(config).toMatchObject({ port: 3978, checkInUpdateIntervalMs: 2000, localMode: true });
  });

  test('PORT, SQLITE_PATH and the check-in update interval can be set', () => {
    const { config } = ok(loadConfig({ PORT: '8080', SQLITE_PATH: '/var/lib/hallway/h.db', CHECKIN_UPDATE_INTERVAL_MS: '5000' }));
    expect(config).toMatchObject({ port: 8080, sqlitePath: '/var/lib/hallway/h.db', checkInUpdateIntervalMs: 5000 });
  });

  test('production without MicrosoftAppId refuses to start, naming MicrosoftAppId', () => {
    const errors = errorsOf(loadConfig({ NODE_ENV: 'production', ...TAB_SIGN_IN }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^MicrosoftAppId: /);
  });

  test('production with credentials starts without the local-mode warning', () => {
    const { config, warnings } = ok(loadConfig({ NODE_ENV: 'production', ...CREDENTIALS, ...TAB_SIGN_IN }));
    expect(config.localMode).toBe(false);
    expect(config.env).toBe('production');
    expect(warnings).toEqual([]);
  });

  test.each(['abc', '3.5', '-1', '70000'])('PORT=%s is refused with a message naming PORT', (port) => {
    const errors = errorsOf(loadConfig({ PORT: port }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^PORT: must be a whole number from 0 to 65535/);
  });

  test('MicrosoftAppId without a password is refused, naming MicrosoftAppPassword', () => {
    const errors = errorsOf(loadConfig({ MicrosoftAppId: CREDENTIALS.MicrosoftAppId }));
    expect(errors).toEqual([expect.stringMatching(/^MicrosoftAppPassword: /)]);
  });

  test('a password without MicrosoftAppId is refused rather than silently running unauthenticated', () => {
    const errors = errorsOf(loadConfig({ MicrosoftAppPassword: 'secret' }));
    expect(errors).toEqual([expect.stringMatching(/^MicrosoftAppPassword: .*MicrosoftAppId/)]);
  });

  test('a single-tenant bot without a tenant id is refused, naming MicrosoftAppTenantId', () => {
    const errors = errorsOf(loadConfig({ ...CREDENTIALS, MicrosoftAppType: 'SingleTenant' }));
    expect(errors).toEqual([expect.stringMatching(/^MicrosoftAppTenantId: /)]);
  });

  test('a managed identity needs no password', () => {
    const { config } = ok(
      loadConfig({
        MicrosoftAppId: CREDENTIALS.MicrosoftAppId,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
      }),
    );
    expect(config.botFramework).toMatchObject({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined });
  });

  test('each bad value gets its own line naming it', () => {
    const errors = errorsOf(loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', ToBotFromChannelOpenIdMetadataUrl: 'not a url', MicrosoftAppType: 'Other' }));
    expect(errors.map((e) => e.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'MicrosoftAppType', 'PORT', 'ToBotFromChannelOpenIdMetadataUrl']);
  });

  test('every Bot Framework key is passed through under its own name', () => {
    const env = {
      ...CREDENTIALS,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:4100/.well-known/openid-configuration',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/9b1c2d3e-0000-4000-8000-00000000a11a',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ValidateAuthority: 'false',
    };
    const { config } = ok(loadConfig(env));
    expect(config.botFramework).toEqual({ ...env, ValidateAuthority: false });
    expect(config.localMode).toBe(false);
  });

  test('a multi-tenant bot is the default, and authority validation is on unless switched off', () => {
    const { config } = ok(loadConfig(CREDENTIALS));
    expect(config.botFramework).toMatchObject({ MicrosoftAppType: 'MultiTenant', ValidateAuthority: true });
  });
});

describe('local mode fails closed', () => {
  test('with Bot Framework credentials Hallway listens on every interface by default', () => {
    expect(ok(loadConfig(CREDENTIALS)).config.host).toBe('0.0.0.0');
  });

  test.each(['127.0.0.1', '127.8.9.10', '::1', 'localhost', 'LOCALHOST'])('HOST=%s is allowed without credentials (it is this machine)', (host) => {
    expect(ok(loadConfig({ HOST: host })).config.host).toBe(host);
  });

  test.each(['0.0.0.0', '::', '192.168.1.20', 'hallway.contoso.example', '128.0.0.1'])(
    'HOST=%s without credentials is refused, naming HOST and what to do instead',
    (host) => {
      const errors = errorsOf(loadConfig({ HOST: host }));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^HOST: ${host.replace(/\./g, '\\.')} would let other machines reach Hallway`));
      expect(errors[0]).toContain('127.0.0.1');
      expect(errors[0]).toContain('MicrosoftAppId and MicrosoftAppPassword');
    },
  );

  test('any HOST is allowed with credentials', () => {
    expect(ok(loadConfig({ ...CREDENTIALS, HOST: '10.1.2.3' })).config.host).toBe('10.1.2.3');
  });

  test('production without credentials is still refused, whatever HOST says', () => {
    const errors = errorsOf(loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', ...TAB_SIGN_IN }));
    expect(errors).toEqual([expect.stringMatching(/^MicrosoftAppId: /)]);
  });

  test('the local-mode warning says where Hallway listens', () => {
    expect(ok(loadConfig({})).warnings[0]).toContain('listens on 127.0.0.1 only');
  });
});

describe('security URLs are https except on this machine', () => {
  const settings = ['ToBotFromChannelOpenIdMetadataUrl', 'ToChannelFromBotLoginUrl', 'SSO_JWKS_URL', 'AZURE_TABLES_ACCOUNT_URL'] as const;

  test.each(settings)('%s over http to another machine is refused, naming the setting', (setting) => {
    const errors = errorsOf(loadConfig({ ...CREDENTIALS, [setting]: 'http://login.contoso.example/keys' }));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${setting}: must be an https:// URL`))]);
  });

  test.each(settings)('%s over https, or over http on localhost, 127.0.0.1 or ::1, is accepted', (setting) => {
    for (const url of ['https://login.contoso.example/keys', 'http://localhost:4100/keys', 'http://127.0.0.1:4100/keys', 'http://[::1]:4100/keys']) {
      expect({ url, ok: loadConfig({ ...CREDENTIALS, [setting]: url }).ok }).toEqual({ url, ok: true });
    }
  });

  test.each(settings)('%s on a name that only starts like localhost is not this machine', (setting) => {
    for (const url of ['http://localhost.contoso.example/keys', 'http://127.0.0.1.nip.io/keys', 'ftp://127.0.0.1/keys']) {
      expect({ url, ok: loadConfig({ ...CREDENTIALS, [setting]: url }).ok }).toEqual({ url, ok: false });
    }
  });
});

describe('tab sign-in clients', () => {
  const SSO = { ...CREDENTIALS, SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e' };

  test('by default only the Teams clients may have asked for the token', () => {
    expect(ok(loadConfig(SSO)).config.sso?.allowedClientIds).toEqual(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']);
  });

  test('SSO_ALLOWED_CLIENT_IDS names others, comma-separated, in any case and spacing', () => {
    const { config } = ok(loadConfig({ ...SSO, SSO_ALLOWED_CLIENT_IDS: ' 1FEC8E78-BCE4-4AAF-AB1B-5451CC387264 , 0a1b2c3d-0000-4000-8000-000000000001,' }));
    expect(config.sso?.allowedClientIds).toEqual(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '0a1b2c3d-0000-4000-8000-000000000001']);
  });

  test('a client id that is not a GUID is refused, naming the setting and the value', () => {
    const errors = errorsOf(loadConfig({ ...SSO, SSO_ALLOWED_CLIENT_IDS: '1fec8e78-bce4-4aaf-ab1b-5451cc387264,teams-web' }));
    expect(errors).toEqual([expect.stringMatching(/^SSO_ALLOWED_CLIENT_IDS: "teams-web" is not a client id/)]);
  });

  test('a list of nothing but commas is refused rather than letting nobody, or everybody, in', () => {
    const errors = errorsOf(loadConfig({ ...SSO, SSO_ALLOWED_CLIENT_IDS: ' , ' }));
    expect(errors).toEqual([expect.stringMatching(/^SSO_ALLOWED_CLIENT_IDS: list at least one client id/)]);
  });
});

describe('HTTP timeouts', () => {
  test('slow headers, slow requests and slow bodies have limits by default', () => {
    expect(ok(loadConfig({})).config.timeouts).toEqual({ headersMs: 15_000, requestMs: 30_000, bodyIdleMs: 10_000 });
  });

  test('they can be set, in milliseconds', () => {
    const { config } = ok(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_BODY_IDLE_TIMEOUT_MS: '400' }));
    expect(config.timeouts).toEqual({ headersMs: 500, requestMs: 2000, bodyIdleMs: 400 });
  });

  test('a headers limit longer than the whole request is refused, naming HTTP_HEADERS_TIMEOUT_MS', () => {
    const errors = errorsOf(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '30000' }));
    expect(errors).toEqual([expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_MS: /)]);
  });
});
