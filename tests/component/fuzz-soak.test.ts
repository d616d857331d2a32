import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { APP_ID, BOT_ID, ORGANISER, TENANT_ID, botAddedToTeam, channelMessage, meetingStart } from '../fixtures/activities';
import { FakeConnector } from '../fixtures/fake-connector';
import { fuzzActivity, fuzzApiCall, fuzzJunk } from '../fixtures/fuzz';
import { startServerProcess } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

/**
 * 5,000 generated requests against Hallway in its own process: activities with a valid channel
 * token, tab API calls with a valid sign-in token, and malformed requests of every kind. Nothing
 * may answer 5xx, the process must survive and stay ready, and what it holds in memory must come
 * back to where it was. SOAK_REPORT=1 prints the answers' statuses and the heap before and after.
 */
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const REQUESTS = 5000;
const CONCURRENCY = 8;

let issuer: TokenIssuer;
let connector: FakeConnector;
let server: { child: ChildProcess; url: string };
let dir: string;

function heap(): Promise<{ heapUsed: number; rss: number }> {
  return new Promise((resolve) => {
    const onMessage = (m: any) => {
      if (m.type !== 'heap') return;
      server.child.off('message', onMessage);
      resolve(m);
    };
    server.child.on('message', onMessage);
    server.child.send({ type: 'heap' });
  });
}

beforeAll(async () => {
  issuer = new TokenIssuer();
  connector = new FakeConnector();
  await Promise.all([issuer.start(), connector.start()]);
  dir = mkdtempSync(join(tmpdir(), 'hallway-soak-'));
  server = await startServerProcess(
    issuer,
    {
      HOST: '127.0.0.1',
      SQLITE_PATH: join(dir, 'hallway.db'),
      SSO_CLIENT_ID: CLIENT_ID,
      SSO_JWKS_URL: issuer.metadataUrl.replace('openidconfiguration', 'keys'),
      JOBS_INTERVAL_MS: '0',
      LOG_LEVEL: 'silent',
      TAB_API_USER_LIMIT: '1000000',
    },
    ['--expose-gc'],
  );
  connector.addMember({ ...ORGANISER, userPrincipalName: 'olu@contoso.example' });
}, 60_000);

afterAll(async () => {
  if (server) {
    const exited = new Promise((done) => server.child.once('exit', done));
    server.child.kill('SIGTERM');
    await exited;
  }
  await Promise.all([issuer?.stop(), connector?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

type Request = { path: string; method: string; headers: Record<string, string>; body?: string };

function requests(count: number, seed: number): Request[] {
  const channelToken = issuer.token({ aud: APP_ID, serviceurl: connector.url });
  const signIn = issuer.token({
    aud: CLIENT_ID,
    serviceurl: '',
    iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    tid: TENANT_ID,
    oid: ORGANISER.aadObjectId,
  });
  const one = fc.oneof(
    {
      weight: 6,
      arbitrary: fuzzActivity.map(
        (a): Request => ({
          path: '/api/messages',
          method: 'POST',
          headers: { authorization: `Bearer ${channelToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...a, channelId: 'msteams', serviceUrl: connector.url, recipient: { id: BOT_ID }, id: 'fuzz' }),
        }),
      ),
    },
    {
      weight: 3,
      arbitrary: fuzzApiCall.map(
        (c): Request => ({
          path: c.path,
          method: c.method,
          headers: { authorization: `Bearer ${signIn}`, 'content-type': 'application/json' },
          body: c.method === 'GET' ? undefined : JSON.stringify(c.body),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fuzzJunk.map(
        (j): Request => ({
          path: j.path,
          method: j.method,
          headers: { 'content-type': j.contentType, ...(j.authorization === undefined ? {} : { authorization: j.authorization }) },
          body: j.method === 'GET' ? undefined : j.body,
        }),
      ),
    },
  );
  return fc.sample(one, { numRuns: count, seed });
}

async function send(all: Request[]): Promise<{ statuses: Map<number, number>; failures: string[] }> {
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < all.length) {
        const r = all[next++]!;
        try {
          const res = await fetch(`${server.url}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} ${r.method} ${r.path} ${r.body?.slice(0, 200) ?? ''}`);
        } catch (error) {
          failures.push(`no answer: ${r.method} ${r.path} (${(error as Error).message})`);
        }
      }
    }),
  );
  return { statuses, failures };
}

test(`${REQUESTS} fuzzed requests: no 5xx, no crash, still ready, and memory back to where it was`, async () => {
  // A team, a meeting with an open check-in and a coffee programme for the requests to land on.
  const token = issuer.token({ aud: APP_ID, serviceurl: connector.url });
  for (const activity of [botAddedToTeam(connector.url), meetingStart(connector.url), channelMessage(connector.url, 'coffee', ORGANISER)]) {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBeLessThan(300);
  }
  // Warm up (code paths compiled, caches filled), then take the baseline.
  const warm = await send(requests(500, 1));
  expect(warm.failures).toEqual([]);
  const before = await heap();

  const run = await send(requests(REQUESTS, 20261128));
  expect(run.failures).toEqual([]);
  expect([...run.statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
  expect(server.child.exitCode).toBeNull();
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

  const after = await heap();
  const grown = after.heapUsed - before.heapUsed;
  if (process.env.SOAK_REPORT)
    process.stderr.write(
      `statuses ${JSON.stringify([...run.statuses])} heap before ${before.heapUsed} after ${after.heapUsed} rss ${before.rss} -> ${after.rss}\n`,
    );
  // Within 8 MB or 20% of the heap the server held before the run, whichever is larger.
  expect(grown).toBeLessThan(Math.max(8 * 1024 * 1024, before.heapUsed * 0.2));
}, 600_000);
