import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Bad production settings through the real entry point (bot/main.ts, as `npm start` runs it):
 * the process stops before listening, with a line naming the setting. The full table of refusals
 * is tests/unit/config-production.test.ts.
 */
const root = resolve(__dirname, '../..');

const PRODUCTION = {
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  MicrosoftAppId: '8f0a6c1e-0000-4000-8000-00000000b0b0',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
  SSO_CLIENT_ID: '8f0a6c1e-0000-4000-8000-00000000b0b0',
  PUBLIC_HOSTNAME: 'hallway.contoso.com',
};

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'bot/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // A start that gets as far as listening is a failure of this test: stop it rather than wait.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallway-production-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CASES: [string, Record<string, string>, RegExp][] = [
  ['a bot id that is not a GUID', { MicrosoftAppId: 'hallway-bot' }, /^ {2}- MicrosoftAppId: must be .*a GUID/m],
  ['a public host given as a URL', { PUBLIC_HOSTNAME: 'https://hallway.contoso.com/' }, /^ {2}- PUBLIC_HOSTNAME: must be a host name only/m],
  ['no tab sign-in', { SSO_CLIENT_ID: '' }, /^ {2}- SSO_CLIENT_ID: required when NODE_ENV=production/m],
  ['SQLite on App Service', { WEBSITE_SITE_NAME: 'hallway-app' }, /^ {2}- STORAGE: SQLite is not safe on Azure App Service/m],
];

test.each(CASES)(
  'with NODE_ENV=production, %s stops the start with a line naming the setting',
  async (_what, change, line) => {
    const { code, output } = await start({ ...PRODUCTION, SQLITE_PATH: join(dir, 'hallway.db'), ...change });
    expect(code).toBe(1);
    expect(output).toMatch(/^Hallway cannot start; fix these settings/m);
    expect(output).toMatch(line);
    expect(output).not.toContain('Hallway listening');
  },
  30_000,
);
