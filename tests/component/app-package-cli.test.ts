import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const zip = join(root, 'appPackage/build/hallway.zip');

function runPackage(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'appPackage/package.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

describe('npm run package', () => {
  beforeEach(() => rmSync(zip, { force: true }));

  test('with the example values it writes appPackage/build/hallway.zip', () => {
    const run = runPackage(['--env-file', 'appPackage/example.env']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(zip)).toBe(true);
  }, 30_000);

  test('without a bot id it stops, writes nothing, and names the setting', () => {
    const run = runPackage([], { TEAMS_APP_ID: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', PUBLIC_HOSTNAME: 'hallway.example.com' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/MicrosoftAppId is not set/);
    expect(existsSync(zip)).toBe(false);
  }, 30_000);
});
