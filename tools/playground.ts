/**
 * `npm run playground`: Hallway in local mode plus Microsoft 365 Agents Playground pointed at it,
 * so you can chat with Hallway and see its cards in a browser without a Teams tenant.
 * See docs/playground.md.
 *
 * Settings (environment):
 *   PORT             Hallway's port (default 3978; 0 = any free port)
 *   PLAYGROUND_PORT  the playground's port (default 56150, the playground's own default;
 *                    0 or a busy port = any free port)
 *   SQLITE_PATH      Hallway's database (default ./data/playground.db, apart from ./data/hallway.db)
 *   PLAYGROUND_DIR   where the playground's config and log file go (default ./data/playground)
 *   LOG_LEVEL, CHECKIN_UPDATE_INTERVAL_MS, ...  passed on to Hallway as usual
 * MicrosoftAppId and friends are dropped: the playground talks to Hallway without authentication.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(__dirname, '..');
const PLAYGROUND_DEFAULT_PORT = 56150;

/** The ids the generated playground config gives its chats and people (docs/playground.md uses them). */
const PLAYGROUND_IDS = {
  tenantId: '9b1c2d3e-0000-4000-8000-00000000a11a',
  botId: '28:00000000-0000-0000-0000-00000000b0b0',
  userId: '29:playground-alex',
  userAadObjectId: '00000000-0000-0000-0000-0000000000a0',
  personalChatId: 'a:hallway-playground-personal-chat',
  meetingChatId: '19:meeting_hallway-playground@thread.v2',
  teamId: '19:hallway-playground-general@thread.tacv2',
} as const;

type Settings = {
  hallwayPort: number;
  playgroundPort: number;
  sqlitePath: string;
  playgroundDir: string;
};

function portSetting(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name}: must be a whole number from 0 to 65535`);
  return port;
}

function readSettings(): Settings {
  return {
    hallwayPort: portSetting('PORT', 3978),
    playgroundPort: portSetting('PLAYGROUND_PORT', PLAYGROUND_DEFAULT_PORT),
    sqlitePath: resolve(root, process.env.SQLITE_PATH?.trim() || './data/playground.db'),
    playgroundDir: resolve(root, process.env.PLAYGROUND_DIR?.trim() || './data/playground'),
  };
}

// --- output -------------------------------------------------------------------------------------

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const PREFIX = {
  tool: paint(33, 'tool       |'),
  hallway: paint(36, 'hallway    |'),
  playground: paint(35, 'playground |'),
};

function say(prefix: string, line: string): void {
  process.stdout.write(`${prefix} ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${PREFIX.tool} ${message}\n`);
  process.exit(1);
}

/** Forwards every line of a stream with a prefix; `onLine` sees each line first and holds it back by returning false. */
function forwardLines(stream: NodeJS.ReadableStream | null, prefix: string, onLine?: (line: string) => unknown): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    if (onLine?.(line) === false) return;
    say(prefix, line);
  });
}

/**
 * When its stdout is not a terminal the playground writes only "Listening on <port>" there and
 * everything else to its log file (lines "<level> <message>", messages may span lines).
 * This follows the file and forwards all but the chatty debug lines.
 */
function followPlaygroundLog(path: string): () => void {
  let offset = 0;
  let partial = '';
  let level = 'log';
  const poll = () => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return; // not written yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size < offset) offset = 0; // the playground recreated it
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      offset += read;
      const lines = (partial + buffer.subarray(0, read).toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^(log|info|warn|error|debug) (.*)$/s.exec(line);
        if (match) level = match[1]!;
        const text = match ? match[2]! : line;
        if (level === 'debug') continue;
        if (/^Listening on \d+$/.test(text)) continue; // already forwarded from stdout
        say(PREFIX.playground, level === 'warn' || level === 'error' ? `${level.toUpperCase()} ${text}` : text);
      }
    } finally {
      closeSync(fd);
    }
  };
  const timer = setInterval(poll, 250);
  return () => {
    clearInterval(timer);
    poll();
  };
}

// --- the playground's context: chats, people, ids ------------------------------------------------

const person = (id: string, given: string, surname: string, aad: string) => ({
  id,
  name: `${given} ${surname}`,
  userPrincipleName: `${given.toLowerCase()}@example.com`,
  aadObjectId: aad,
  givenName: given,
  surname,
  email: `${given.toLowerCase()}@example.com`,
});

/**
 * The playground's config file (JSON is YAML). Fixed ids instead of its random ones, so the
 * meeting-start command in docs/playground.md works as written; the group chat is a meeting chat.
 */
function playgroundConfig(): object {
  const ids = PLAYGROUND_IDS;
  return {
    version: '0.1.1',
    tenantId: ids.tenantId,
    bot: { id: ids.botId, name: 'Hallway' },
    currentUser: person(ids.userId, 'Alex', 'Wilber', ids.userAadObjectId),
    users: [
      person('29:playground-megan', 'Megan', 'Bowen', '00000000-0000-0000-0000-0000000000a1'),
      person('29:playground-adele', 'Adele', 'Vance', '00000000-0000-0000-0000-0000000000a2'),
      person('29:playground-isaiah', 'Isaiah', 'Langer', '00000000-0000-0000-0000-0000000000a3'),
      person('29:playground-patti', 'Patti', 'Fernandez', '00000000-0000-0000-0000-0000000000a4'),
      person('29:playground-lynne', 'Lynne', 'Robbins', '00000000-0000-0000-0000-0000000000a5'),
    ],
    personalChat: { id: ids.personalChatId },
    groupChat: { id: ids.meetingChatId, name: 'Weekly team sync (meeting chat)' },
    team: {
      id: ids.teamId,
      name: 'Hallway Playground',
      aadGroupId: '00000000-0000-0000-0000-0000000000b1',
      channels: [{ id: '19:hallway-playground-random@thread.tacv2', name: 'Random' }],
    },
  };
}

/** A config the developer chose (env or the playground's usual file) wins over the generated one. */
function configPath(dir: string): { path: string; generated: boolean } {
  const chosen = process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH?.trim();
  if (chosen) return { path: resolve(root, chosen), generated: false };
  const usual = join(root, '.m365agentsplayground.yml');
  if (existsSync(usual)) return { path: usual, generated: false };
  const path = join(dir, '.m365agentsplayground.yml');
  writeFileSync(path, `${JSON.stringify(playgroundConfig(), null, 2)}\n`);
  return { path, generated: true };
}

// --- processes ----------------------------------------------------------------------------------

const children = new Map<string, ChildProcess>();
let stopping = false;
let exitCode = 0;

function hallwayEnv(settings: Settings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const dropped = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'].filter((k) => env[k]);
  for (const key of dropped) delete env[key];
  if (dropped.length > 0) say(PREFIX.tool, `ignoring ${dropped.join(', ')}: the playground talks to Hallway in local mode`);
  return {
    ...env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(settings.hallwayPort),
    SQLITE_PATH: settings.sqlitePath,
  };
}

/** True when Hallway will not log its "listening" line. */
function quietHallway(): boolean {
  return ['warn', 'error', 'fatal', 'silent'].includes(process.env.LOG_LEVEL?.trim() ?? '');
}

/** Starts Hallway and resolves with the port it listens on. */
function startHallway(settings: Settings): Promise<number> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/main.ts'], {
    cwd: root,
    env: hallwayEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set('Hallway', child);
  return new Promise<number>((resolvePort, reject) => {
    let settled = false;
    const listening = (port: number) => {
      if (settled) return;
      settled = true;
      clearInterval(probe);
      resolvePort(port);
    };
    forwardLines(child.stdout, PREFIX.hallway, (line) => {
      if (!line.includes('listening')) return;
      try {
        const entry = JSON.parse(line) as { port?: unknown; msg?: unknown };
        if (typeof entry.port === 'number' && String(entry.msg).startsWith('Hallway listening')) listening(entry.port);
      } catch {
        // not a log line
      }
    });
    forwardLines(child.stderr, PREFIX.hallway);
    // With LOG_LEVEL above info there is no "listening" line: ask /healthz instead.
    const probe = setInterval(() => {
      if (!quietHallway()) return;
      fetch(`http://127.0.0.1:${settings.hallwayPort}/healthz`)
        .then((r) => r.ok && listening(settings.hallwayPort))
        .catch(() => undefined);
    }, 500);
    child.once('exit', () => {
      clearInterval(probe);
      if (!settled) reject(new Error('Hallway exited before it was listening'));
    });
    watch('Hallway', child);
  });
}

/** Starts the playground pointed at Hallway and resolves with the port it listens on. */
function startPlayground(settings: Settings, hallwayPort: number): Promise<number> {
  mkdirSync(settings.playgroundDir, { recursive: true });
  const config = configPath(settings.playgroundDir);
  const logFile = join(settings.playgroundDir, 'm365agentsplayground.log');
  say(PREFIX.tool, `playground config: ${config.path}${config.generated ? ' (generated)' : ''}; its log: ${logFile}`);
  const cli = join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const args = [
    cli,
    'start',
    '-e',
    `http://127.0.0.1:${hallwayPort}/api/messages`,
    '-c',
    'msteams',
    '--disable-telemetry',
    '-p',
    String(settings.playgroundPort),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: config.path,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set('the playground', child);
  const stopFollowing = followPlaygroundLog(logFile);
  child.once('exit', stopFollowing);
  return new Promise<number>((resolvePort, reject) => {
    let settled = false;
    forwardLines(child.stdout, PREFIX.playground, (line) => {
      const match = /^Listening on (\d+)$/.exec(line.trim());
      if (match && !settled) {
        settled = true;
        resolvePort(Number(match[1]));
      }
    });
    forwardLines(child.stderr, PREFIX.playground);
    child.once('exit', () => {
      if (!settled) reject(new Error('the playground exited before it was listening'));
    });
    watch('the playground', child);
  });
}

/** If one process ends on its own, the other is stopped too. */
function watch(name: string, child: ChildProcess): void {
  child.once('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      // Ctrl-C in a terminal reaches the children too (Hallway then stops with code 0): not a failure.
      const clean = code === 0 || signal === 'SIGINT' || signal === 'SIGTERM';
      const rest = children.size > 0 ? '; stopping the other one' : '';
      say(PREFIX.tool, `${name} ${clean ? 'stopped' : `exited (${signal ?? `code ${code}`})`}${rest}`);
      exitCode = clean ? 0 : code || 1;
      void stop();
    } else if (children.size === 0) {
      process.exit(exitCode);
    }
  });
}

/** SIGTERM to both (Hallway finishes requests and closes its database), SIGKILL after 30 s. */
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (children.size === 0) process.exit(exitCode);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const [name, child] of children) {
      say(PREFIX.tool, `${name} did not stop within 30 s; killing it`);
      child.kill('SIGKILL');
    }
    process.exit(exitCode || 1);
  }, 30_000).unref();
}

async function main(): Promise<void> {
  const settings = readSettings();
  if (settings.hallwayPort === 0 && quietHallway()) fail("PORT=0 needs LOG_LEVEL info or lower: the port is read from Hallway's log");
  mkdirSync(dirname(settings.sqlitePath), { recursive: true });
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  say(PREFIX.tool, `starting Hallway (local mode, ${settings.sqlitePath}) and Microsoft 365 Agents Playground`);
  const hallwayPort = await startHallway(settings);
  if (stopping) return;
  const playgroundPort = await startPlayground(settings, hallwayPort);
  if (stopping) return;
  if (settings.playgroundPort !== 0 && playgroundPort !== settings.playgroundPort) {
    say(PREFIX.tool, `port ${settings.playgroundPort} was busy, so the playground took ${playgroundPort}`);
  }
  const url = `http://localhost:${playgroundPort}`;
  process.stdout.write(
    `\n${paint(1, `  ==> Open ${url} in your browser to chat with Hallway <==`)}\n` +
      `      Hallway: http://127.0.0.1:${hallwayPort}/api/messages (local mode). ` +
      `Meeting start and more: docs/playground.md. Ctrl-C stops both.\n\n`,
  );
}

main().catch((error: unknown) => {
  say(PREFIX.tool, `could not start: ${(error as Error)?.message ?? String(error)}`);
  exitCode = 1;
  void stop();
});
