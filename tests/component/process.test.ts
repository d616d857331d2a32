import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** Runs bot/main.ts as `npm start` would, with only the given environment. */
function launch(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitForListening(output: () => string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const match = output().match(/"port":(\d+)/);
    if (match) return Number(match[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start:\n${output()}`);
}

describe('running Hallway', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hallway-proc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('with no settings it runs in local mode on SQLite, says so loudly, and stops cleanly on SIGTERM', async () => {
    const sqlitePath = join(dir, 'nested', 'hallway.db');
    const run = launch({ PORT: '0', SQLITE_PATH: sqlitePath });
    const port = await waitForListening(run.output);
    expect(run.output()).toContain('LOCAL MODE');
    expect(existsSync(sqlitePath)).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
  }, 30_000);

  test('in production without Bot Framework credentials it refuses to start and names the setting', async () => {
    const run = launch({ NODE_ENV: 'production', PORT: '0', SQLITE_PATH: join(dir, 'h.db') });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('MicrosoftAppId');
  }, 30_000);

  test('an invalid setting stops start-up with one line naming it', async () => {
    const run = launch({ PORT: 'eighty', SQLITE_PATH: join(dir, 'h.db') });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT: must be a whole number/);
  }, 30_000);
});
