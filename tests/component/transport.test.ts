import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest, type ClientRequest, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGzip, deflateSync, gzipSync } from 'node:zlib';
import { APP_ID } from '../fixtures/activities';
import { TokenIssuer } from '../fixtures/token-issuer';

/**
 * Hostile bodies, sent as anyone on the internet can send them (no token), to Hallway in its own
 * process configured as in production (Bot Framework credentials, Teams SSO), on every route that
 * takes a body. Each class gets its own 4xx, the process lives, its memory stays within
 * RSS_BOUND_MB, and nothing is written to disk: the process runs with TMPDIR and its working
 * directory in fresh folders, and only the SQLite database may appear. TRANSPORT_REPORT=1 prints
 * each class's routes and memory before and after.
 */
const RSS_BOUND_MB = 80;
const MAX_BODY_BYTES = 256 * 1024;
/** Small limits, so slow clients are cut off within the test. */
const TIMEOUTS = { HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_BODY_IDLE_TIMEOUT_MS: '400' };
const root = resolve(__dirname, '../..');

let issuer: TokenIssuer;
let server: ChildProcess;
let port: number;
let dir: string;
let temp: string;
let work: string;
let routes: { method: string; path: string }[];

beforeAll(async () => {
  issuer = new TokenIssuer();
  await issuer.start();
  dir = mkdtempSync(join(tmpdir(), 'hallway-transport-'));
  temp = join(dir, 'tmp');
  work = join(dir, 'work');
  mkdirSync(temp);
  mkdirSync(work);
  server = fork(join(root, 'tests/fixtures/server-process.ts'), [], {
    cwd: work,
    execArgv: ['--import', pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href, '--disable-warning=DEP0111'],
    env: {
      PATH: process.env.PATH ?? '',
      TMPDIR: temp,
      // tsx would otherwise keep its compile cache in TMPDIR.
      TSX_DISABLE_CACHE: '1',
      TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'error',
      JOBS_INTERVAL_MS: '0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'offline',
      ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
      ToBotFromChannelTokenIssuer: issuer.issuer,
      SSO_CLIENT_ID: '7d3c1b2a-0000-4000-8000-00000000c11e',
      SSO_JWKS_URL: issuer.metadataUrl.replace('openidconfiguration', 'keys'),
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      ...TIMEOUTS,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  port = await new Promise<number>((done, fail) => {
    server.once('exit', (code) => fail(new Error(`server process exited with ${code}`)));
    server.on('message', (m: any) => m.type === 'listening' && done(m.port));
  });
  routes = await new Promise((done) => {
    server.on('message', (m: any) => m.type === 'routes' && done(m.routes));
    server.send({ type: 'routes' });
  });
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
  await issuer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every route that takes a body, with made-up values for its parameters. */
function bodyRoutes(): { method: string; path: string }[] {
  return routes
    .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => ({
      method: r.method,
      path: r.path.replace(/:[A-Za-z]+/g, (name) => (name === ':teamId' ? encodeURIComponent('19:team@thread.skype') : `x-${name.slice(1)}`)),
    }));
}

function rssMb(): number {
  const line = readFileSync(`/proc/${server.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** Every file under `folder`, relative to it. */
function files(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

type Answer = { status: number; body: string; connection?: string };
type Feed = (req: ClientRequest, answered: () => boolean) => void;

/**
 * One request whose body is written by `feed`, at its own pace, on a connection of its own that
 * asks to be kept alive; resolves with the answer as soon as it comes.
 */
function send(method: string, path: string, headers: OutgoingHttpHeaders, feed: Feed): Promise<Answer> {
  return new Promise((done, fail) => {
    let answered = false;
    const agent = new Agent({ keepAlive: true });
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      const finish = () => {
        req.destroy();
        agent.destroy();
        done({ status: res.statusCode!, body, connection: res.headers.connection });
      };
      res.once('end', finish);
      res.once('close', finish);
    });
    // Once the answer is in, a reset of the half-sent body is the server closing as it should.
    req.on('error', (error) => answered || fail(new Error(`${method} ${path}: no answer (${error.message})`)));
    feed(req, () => answered);
  });
}

const whole =
  (body: Buffer | string): Feed =>
  (req) => {
    // Framed explicitly: Node's client frames a DELETE body only when told its length.
    req.setHeader('content-length', Buffer.byteLength(body));
    req.end(body);
  };

/** A body of unknown length, for any method. */
function chunked(req: ClientRequest): void {
  if (!req.hasHeader('content-length')) req.setHeader('transfer-encoding', 'chunked');
}

/** Writes a body in 64 KB pieces, never ending it, until the answer comes or `max` bytes are out. */
function endless(sent: { bytes: number }, max: number): Feed {
  const piece = Buffer.alloc(64 * 1024, 0x20);
  return (req, answered) => {
    chunked(req);
    const pump = () => {
      while (!answered() && sent.bytes < max) {
        sent.bytes += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
    };
    pump();
  };
}

/** Writes the first bytes of a body, then nothing more. */
const stalled =
  (first: string): Feed =>
  (req) => {
    chunked(req);
    req.write(first);
  };

/** One byte every 100 ms: never idle long enough for the idle limit, never done either. */
const trickle: Feed = (req, answered) => {
  chunked(req);
  const timer = setInterval(() => (answered() ? clearInterval(timer) : req.write('{')), 100);
  req.once('close', () => clearInterval(timer));
};

/** Headers that never end: a line every 100 ms on a bare socket. Resolves with the status Node answers. */
function slowHeaders(method: string, path: string): Promise<Answer> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    const timer = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    socket.on('data', (d) => (text += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      done({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        body: text,
        connection: /\r\nconnection: close\r\n/i.test(text) ? 'close' : undefined,
      });
    });
  });
}

const json = { 'content-type': 'application/json' };

/** The code of a JSON error answer; undefined for anything else (Node's bare 408 has no body). */
function errorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
const activityJson = JSON.stringify({
  type: 'message',
  text: 'hello',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
});

/** 200 MB of zeros, gzipped (about 200 KB: under the size limit, as a real bomb is). */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((done) => gzip.on('end', done));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 200; i++) if (!gzip.write(zeros)) await new Promise((done) => gzip.once('drain', done));
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

const multipart = [
  '--hallway-boundary',
  'Content-Disposition: form-data; name="file"; filename="evil.bin"',
  'Content-Type: application/octet-stream',
  '',
  'x'.repeat(100 * 1024),
  '--hallway-boundary--',
  '',
].join('\r\n');

type HostileClass = {
  name: string;
  status: 400 | 408 | 413 | 415;
  /** The error code of Hallway's JSON answer; none for Node's own bare 408. */
  code?: string;
  /** close when the body was refused before it was read in full: the rest is not drained. */
  connection: 'close' | 'keep-alive';
  send: (route: { method: string; path: string }) => Promise<Answer>;
};

const sendWith = (headers: OutgoingHttpHeaders, feed: () => Feed) => (r: { method: string; path: string }) => send(r.method, r.path, headers, feed());

const ENDLESS_MAX = 64 * 1024 * 1024;

let bomb: Buffer;
const CLASSES: HostileClass[] = [
  {
    name: 'Content-Encoding: gzip on a plain body',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'gzip' }, () => whole(activityJson)),
  },
  {
    name: 'Content-Encoding: gzip on a truncated gzip body',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'gzip' }, () => whole(gzipSync(activityJson).subarray(0, 20))),
  },
  {
    name: 'Content-Encoding: deflate on a plain body',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'deflate' }, () => whole(activityJson)),
  },
  {
    name: 'Content-Encoding: deflate on a truncated deflate body',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'deflate' }, () => whole(deflateSync(activityJson).subarray(0, 10))),
  },
  {
    name: 'Content-Encoding: br on a plain body',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'br' }, () => whole(activityJson)),
  },
  {
    name: 'an unknown Content-Encoding',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'x-hallway-unknown' }, () => whole(activityJson)),
  },
  {
    name: 'Content-Encoding: identity, gzip',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ ...json, 'content-encoding': 'identity, gzip' }, () => whole(activityJson)),
  },
  {
    name: 'a gzip body that inflates to 200 MB',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: (r) => send(r.method, r.path, { ...json, 'content-encoding': 'gzip' }, whole(bomb)),
  },
  {
    name: 'multipart/form-data with a file part',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ 'content-type': 'multipart/form-data; boundary=hallway-boundary' }, () => whole(multipart)),
  },
  {
    name: 'a form (application/x-www-form-urlencoded)',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ 'content-type': 'application/x-www-form-urlencoded' }, () => whole('a=1&b=2')),
  },
  {
    name: 'JSON labelled text/plain',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ 'content-type': 'text/plain' }, () => whole(activityJson)),
  },
  {
    name: 'a body without a Content-Type',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({}, () => whole(activityJson)),
  },
  {
    name: 'JSON in another charset',
    status: 415,
    connection: 'close',
    code: 'UnsupportedMediaType',
    send: sendWith({ 'content-type': 'application/json; charset=iso-8859-1' }, () => whole(activityJson)),
  },
  {
    name: 'JSON that does not parse',
    status: 400,
    connection: 'keep-alive',
    code: 'BadRequest',
    send: sendWith(json, () => whole('{"type": "message",')),
  },
  {
    name: 'JSON that is not UTF-8',
    status: 400,
    connection: 'keep-alive',
    code: 'BadRequest',
    send: sendWith(json, () => whole(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))),
  },
  {
    name: 'a declared Content-Length of 1 GB, refused before a byte of it is sent',
    status: 413,
    connection: 'close',
    code: 'PayloadTooLarge',
    send: sendWith({ ...json, 'content-length': String(1024 ** 3) }, () => (req) => req.flushHeaders()),
  },
  {
    name: 'a chunked body that runs past the limit',
    status: 413,
    connection: 'close',
    code: 'PayloadTooLarge',
    send: (r) => send(r.method, r.path, json, endless({ bytes: 0 }, ENDLESS_MAX)),
  },
  {
    name: 'a body that stops arriving',
    status: 408,
    connection: 'close',
    code: 'RequestTimeout',
    send: sendWith({ ...json, 'content-length': '1000' }, () => stalled('{"type":')),
  },
  {
    name: 'a body trickled a byte at a time',
    status: 408,
    connection: 'close',
    send: sendWith({ ...json, 'content-length': '100000' }, () => trickle),
  },
  { name: 'headers that never end', status: 408, connection: 'close', send: (r) => slowHeaders(r.method, r.path) },
];

beforeAll(async () => {
  bomb = await gzipBomb();
});

test('every route that takes a body is in the table, and a small JSON body reaches its handler', async () => {
  const table = bodyRoutes();
  expect(table).toEqual(
    expect.arrayContaining([
      { method: 'POST', path: '/api/messages' },
      { method: 'DELETE', path: '/api/v1/me' },
    ]),
  );
  expect(table.length).toBeGreaterThanOrEqual(10);
  for (const r of table) {
    const answer = await send(r.method, r.path, json, whole('{}'));
    // Past the intake: the handler's own refusal (not a Bot Framework activity; no sign-in token).
    expect({ route: r, status: answer.status }).toEqual({ route: r, status: r.path === '/api/messages' ? 400 : 401 });
  }
});

describe(`hostile bodies on every route with a body, before any authentication (the process must grow by less than ${RSS_BOUND_MB} MB)`, () => {
  test.each(CLASSES)(
    `$name: $status, the process lives, grows by less than ${RSS_BOUND_MB} MB and writes nothing to disk`,
    async (hostile) => {
      const before = rssMb();
      const answers = await Promise.all(bodyRoutes().map(async (r) => ({ route: `${r.method} ${r.path}`, answer: await hostile.send(r) })));
      expect(answers.length).toBeGreaterThanOrEqual(10);
      for (const { route, answer } of answers) {
        expect({ route, status: answer.status, code: errorCode(answer.body), connection: answer.connection?.toLowerCase() }).toEqual({
          route,
          status: hostile.status,
          code: hostile.code,
          connection: hostile.connection,
        });
      }
      expect(server.exitCode).toBeNull();
      expect(server.signalCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const after = rssMb();
      if (process.env.TRANSPORT_REPORT) process.stderr.write(`${hostile.name}: ${answers.length} routes, RSS ${before.toFixed(1)} -> ${after.toFixed(1)} MB\n`);
      expect(after - before).toBeLessThan(RSS_BOUND_MB);
      expect(files(temp)).toEqual([]);
      expect(files(work).filter((f) => !/^data\/hallway\.db(-wal|-shm)?$/.test(f))).toEqual([]);
    },
    30_000,
  );

  test('a chunked body past the limit is answered while its sender is still sending: the rest is never read', async () => {
    const sent = { bytes: 0 };
    const answer = await send('POST', '/api/messages', json, endless(sent, ENDLESS_MAX));
    expect(answer.status).toBe(413);
    expect(sent.bytes).toBeLessThan(ENDLESS_MAX);
  });
});
