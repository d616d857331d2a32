import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_SETTINGS } from '../../appPackage/build-package';
import { parseEnvFile } from '../../appPackage/package';
import { KNOWN_SETTINGS, loadConfig } from '../../bot/config';

/**
 * The deployment files cannot run here (no Azure, no toolkit, no Docker daemon), so they are checked
 * against what Hallway reads: every setting they set is one bot/config.ts knows, the settings
 * production requires are all set, and the toolkit's placeholders all have a value.
 */
const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Read by App Service's build (Oryx), not by Hallway: the only names the infrastructure may set that config does not know. */
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'CUSTOM_BUILD_COMMAND'];

/** The app settings of infra/azure.bicep: name, and the value when it is a literal. */
function bicepAppSettings(): Map<string, string | undefined> {
  const bicep = read('infra/azure.bicep');
  const start = bicep.indexOf("resource appSettings 'Microsoft.Web/sites/config@");
  expect(start).toBeGreaterThan(-1);
  const body = bicep.slice(bicep.indexOf('properties: {', start) + 'properties: {'.length);
  const block = body.slice(0, body.indexOf('\n  }'));
  const settings = new Map<string, string | undefined>();
  for (const line of block.split('\n')) {
    const match = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*):\s*(.*?)\s*$/);
    if (match) settings.set(match[1]!, match[2]!.match(/^'([^']*)'$/)?.[1]);
  }
  return settings;
}

/** The ENV instruction(s) of the Dockerfile, continuation lines included. */
function dockerfileEnv(): Map<string, string> {
  const joined = read('Dockerfile').replace(/\\\n/g, ' ');
  const env = new Map<string, string>();
  for (const line of joined.split('\n').filter((l) => /^ENV\s/.test(l))) {
    for (const [, name, value] of line.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g)) env.set(name!, value!);
  }
  return env;
}

/** Every ${{NAME}} in a file. */
const placeholders = (text: string) => new Set([...text.matchAll(/\$\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g)].map((m) => m[1]!));

/** Values Azure fills in at deployment, in the shape it gives them. */
const DEPLOYED: Record<string, string> = {
  MicrosoftAppId: '1e2d3c4b-0000-4000-8000-0000000000aa',
  MicrosoftAppTenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
  SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e',
  PUBLIC_HOSTNAME: 'hallway4f2a.azurewebsites.net',
  AZURE_TABLES_ACCOUNT_URL: 'https://hallway4f2adata.table.core.windows.net/',
  AZURE_TABLES_PREFIX: 'hallway',
};

describe('infrastructure as code and the settings Hallway reads', () => {
  test('every app setting infra/azure.bicep sets is a setting bot/config.ts knows (or App Service reads)', () => {
    const unknown = [...bicepAppSettings().keys()].filter((name) => !KNOWN_SETTINGS.includes(name) && !PLATFORM_SETTINGS.includes(name));
    expect(unknown).toEqual([]);
    expect(bicepAppSettings().size).toBeGreaterThan(5);
  });

  test('the app settings of infra/azure.bicep start Hallway in production on App Service: every required setting is set', () => {
    const env: Record<string, string> = { WEBSITE_SITE_NAME: 'hallway4f2a' };
    for (const [name, literal] of bicepAppSettings()) {
      const value = literal ?? DEPLOYED[name];
      expect({ name, value }).toEqual({ name, value: expect.any(String) });
      env[name] = value!;
    }
    const result = loadConfig(env);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.config).toMatchObject({
      env: 'production',
      storage: { driver: 'azure-tables', managedIdentityClientId: DEPLOYED.MicrosoftAppId },
      botFramework: { MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: undefined },
    });
  });

  test('each app setting infra/azure.bicep sets is needed: without it Hallway refuses to start, or it is a platform or tuning setting', () => {
    const all = Object.fromEntries([...bicepAppSettings()].map(([name, literal]) => [name, literal ?? DEPLOYED[name]!]));
    const required = Object.keys(all).filter((name) => {
      const { [name]: _, ...without } = all;
      return !loadConfig({ ...without, WEBSITE_SITE_NAME: 'hallway4f2a' }).ok;
    });
    expect(required.sort()).toEqual(
      ['AZURE_TABLES_ACCOUNT_URL', 'MicrosoftAppId', 'MicrosoftAppTenantId', 'MicrosoftAppType', 'PUBLIC_HOSTNAME', 'SSO_CLIENT_ID', 'STORAGE'].sort(),
    );
  });

  test('the Dockerfile sets only settings bot/config.ts knows, and production', () => {
    const env = dockerfileEnv();
    expect([...env.keys()].filter((name) => !KNOWN_SETTINGS.includes(name))).toEqual([]);
    expect(env.get('NODE_ENV')).toBe('production');
  });

  test("the manifest template's placeholders are the package settings, so npm run package and the toolkit fill the same fields", () => {
    const used = [...placeholders(read('appPackage/manifest.template.json'))].sort();
    expect(used).toEqual(
      Object.values(PACKAGE_SETTINGS)
        .map((s) => s.placeholder)
        .sort(),
    );
  });

  test('every placeholder of the toolkit project has a value in env/.env.dev (or one the toolkit makes)', () => {
    const env = parseEnvFile(read('env/.env.dev'));
    // aadApp/update generates the scope's id the first time; the toolkit sets TEAMSFX_ENV itself too.
    const generated = ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'];
    const files = ['m365agents.yml', 'infra/azure.parameters.json', 'aad.manifest.json', 'appPackage/manifest.template.json'];
    const missing = files.flatMap((file) =>
      [...placeholders(read(file))].filter((name) => !(name in env) && !generated.includes(name)).map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  test("what provision writes to env/.env.dev comes from infra/azure.bicep's outputs and the toolkit's actions", () => {
    const outputs = [...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
    const written = [...read('m365agents.yml').matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1]!);
    const env = parseEnvFile(read('env/.env.dev'));
    expect([...outputs, ...written].filter((name) => !(name in env))).toEqual([]);
  });

  test("the toolkit's APP_VERSION is package.json's version", () => {
    expect(parseEnvFile(read('env/.env.dev')).APP_VERSION).toBe(JSON.parse(read('package.json')).version);
  });

  test('.env.example has a line for every setting Hallway reads and every package setting', () => {
    const example = read('.env.example');
    // Set by App Service, and the deprecated name of SSO_CLIENT_ID: not for an administrator to set.
    const notDocumentedAsLines = ['WEBSITE_SITE_NAME', 'SSO_APP_ID'];
    const names = [...KNOWN_SETTINGS.filter((name) => !notDocumentedAsLines.includes(name)), ...Object.keys(PACKAGE_SETTINGS)];
    expect(names.filter((name) => !new RegExp(`^${name}=`, 'm').test(example))).toEqual([]);
  });
});
