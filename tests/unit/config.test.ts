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

describe('configuration from the environment', () => {
  test('with nothing set, Hallway runs on port 3978 with ./data/hallway.db in local mode and warns about it', () => {
    const { config, warnings } = ok(loadConfig({}));
    expect(config).toMatchObject({
      env: 'development',
      port: 3978,
      host: '0.0.0.0',
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
    const errors = errorsOf(loadConfig({ NODE_ENV: 'production' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^MicrosoftAppId: /);
  });

  test('production with credentials starts without the local-mode warning', () => {
    const { config, warnings } = ok(loadConfig({ NODE_ENV: 'production', ...CREDENTIALS }));
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
      loadConfig({ MicrosoftAppId: CREDENTIALS.MicrosoftAppId, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant-1' }),
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
