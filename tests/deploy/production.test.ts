import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * What an administrator does, from a clean copy of the repository (its last commit): install with the build tools,
 * build, drop the build tools (`npm prune --omit=dev`), and start in production with credentials.
 * Slow on purpose (npm ci compiles better-sqlite3 where no prebuilt binary is at hand), so it has
 * a jest project of its own with a long ceiling; every step has its own timeout.
 */
const root = resolve(__dirname, '../..');
const MINUTE = 60_000;

/** Production settings with test credentials: a single-tenant bot, tab sign-in on its registration. */
const PRODUCTION = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  MicrosoftAppId: '8f0a6c1e-0000-4000-8000-00000000b0b0',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
  SSO_CLIENT_ID: '8f0a6c1e-0000-4000-8000-00000000b0b0',
  PUBLIC_HOSTNAME: 'hallway.contoso.com',
  JOBS_INTERVAL_MS: '0',
};

let dir: string;
let app: string;
let server: ChildProcess | undefined;

/** Runs a command in the copy; its output is kept for the failure message. */
function run(command: string, args: string[], timeout: number, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd: app, env, timeout, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`.slice(0, 20_000));
  }
}

/** npm with the environment a fresh machine has: no NODE_ENV, no test settings. */
function npm(args: string[], timeout: number): string {
  const { NODE_ENV: _, ...env } = process.env;
  return run('npm', args, timeout, { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallway-deploy-'));
  app = join(dir, 'hallway');
  // The tracked files of the last commit, exactly as a clone has them: nothing built, installed or
  // left half-edited in the working tree (commit a change to test it here).
  mkdirSync(app);
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', app], { input: archive });
});

afterAll(async () => {
  if (server && server.exitCode === null && server.pid) {
    process.kill(-server.pid, 'SIGKILL');
    await new Promise((done) => server!.once('exit', done));
  }
  rmSync(dir, { recursive: true, force: true });
});

test(
  'a clean copy installs, builds, runs without its build tools in production, and serves the tab',
  async () => {
    expect(existsSync(join(app, 'dist'))).toBe(false);
    npm(['ci', '--prefer-offline'], 20 * MINUTE);
    npm(['run', 'build'], 5 * MINUTE);
    npm(['prune', '--omit=dev'], 3 * MINUTE);

    // The build tools are gone: nothing at run time may need them. (A devDependency that a production
    // dependency also needs, such as @types/node, stays, as it must.)
    const devDependencies = Object.keys(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).devDependencies);
    const production = new Set(
      npm(['ls', '--omit=dev', '--all', '--parseable'], MINUTE)
        .split('\n')
        .map((path) => path.split('node_modules/').at(-1)),
    );
    expect(devDependencies.filter((name) => existsSync(join(app, 'node_modules', name)) && !production.has(name))).toEqual([]);
    expect(['typescript', 'tsx', 'esbuild', 'jest'].filter((tool) => existsSync(join(app, 'node_modules', tool)))).toEqual([]);

    // npm start as a process manager would run it, in a process group of its own so all of it can be stopped.
    let output = '';
    server = spawn('npm', ['start'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...PRODUCTION, SQLITE_PATH: join(dir, 'data', 'hallway.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const port = await listeningPort(() => output, server, MINUTE);

    // Started from what was built: npm start did not build again.
    expect(output).not.toMatch(/building/i);
    expect(output).not.toContain('LOCAL MODE');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });

    const page = await fetch(`http://127.0.0.1:${port}/tab/content`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = html.match(/src="(\/tab\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(`http://127.0.0.1:${port}${script}`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(1000);

    // Without credentials the tab's API refuses, as it must: sign-in is configured, the caller is not signed in.
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/me`)).status).toBe(401);
  },
  30 * MINUTE,
);

/** The port from the "listening" log line, or the output so far if the process ends or takes too long. */
async function listeningPort(output: () => string, child: ChildProcess, timeout: number): Promise<number> {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const line = output()
      .split('\n')
      .find((l) => l.includes('"msg":"Hallway listening'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`npm start did not listen within ${timeout} ms:\n${output()}`);
}
