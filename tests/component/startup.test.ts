import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Hallway started as `npm start` starts it (bot/main.ts), with nothing configured: local mode, no
 * authentication, so it must be reachable from this machine only.
 */
const root = resolve(__dirname, '../..');

/** bot/main.ts with only PATH and `env`: no HOST unless given. */
function launch(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', 'bot/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

/** The address and port from the "listening" log line. */
async function listening(run: ReturnType<typeof launch>): Promise<{ address: string; port: number }> {
  for (;;) {
    const line = run
      .output()
      .split('\n')
      .find((l) => l.includes('"msg":"Hallway listening'));
    if (line) return JSON.parse(line) as { address: string; port: number };
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(r, 50, 'running'))]);
    if (code !== 'running') throw new Error(`Hallway exited with ${code}:\n${run.output()}`);
  }
}

/** Resolves with the error code of a TCP connection attempt, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      done('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
  });
}

/** This machine's first IPv4 address that is not loopback, if it has one. */
function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

let dir: string;
let running: ReturnType<typeof launch> | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallway-startup-'));
});
afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  running = undefined;
  rmSync(dir, { recursive: true, force: true });
});

test('with no settings Hallway listens on 127.0.0.1 only', async () => {
  // Only a free port and a database of its own, so the test does not collide with anything.
  running = launch({ PORT: '0', SQLITE_PATH: join(dir, 'hallway.db') });
  const { address, port } = await listening(running);
  expect(address).toBe('127.0.0.1');
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
});

/** Another interface of this machine to try Hallway on; without one the test is reported as skipped, not passed. */
const external = externalIPv4();
if (!external) process.stderr.write('\n  Skipping "other interfaces are refused": this machine has no non-loopback IPv4 interface.\n\n');

(external ? test : test.skip)(
  'with no settings, another interface of this machine is refused',
  async () => {
    const ip = external!;
    running = launch({ PORT: '0', SQLITE_PATH: join(dir, 'hallway.db') });
    const { port } = await listening(running);
    // The interface does take connections (a listener on it is reached) ...
    const control = createServer((s) => s.destroy());
    await new Promise<void>((done) => control.listen(0, ip, done));
    const reachable = await tryConnect(ip, (control.address() as AddressInfo).port);
    await new Promise((done) => control.close(done));
    expect({ external: ip, reachable }).toEqual({ external: ip, reachable: 'connected' });
    // ... but not to Hallway.
    expect({ external: ip, hallway: await tryConnect(ip, port) }).toEqual({ external: ip, hallway: 'ECONNREFUSED' });
  },
  30_000,
);

test('HOST=0.0.0.0 without Bot Framework credentials refuses to start, naming HOST and what to do', async () => {
  running = launch({ PORT: '0', SQLITE_PATH: join(dir, 'hallway.db'), HOST: '0.0.0.0' });
  expect(await running.exited).toBe(1);
  const output = running.output();
  expect(output).toMatch(/HOST: 0\.0\.0\.0 would let other machines reach Hallway/);
  expect(output).toContain('MicrosoftAppId');
  expect(output).not.toContain('Hallway listening');
}, 30_000);
