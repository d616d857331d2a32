import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ID, channelMessage, ORGANISER } from '../fixtures/activities';
import { FakeConnector } from '../fixtures/fake-connector';
import { seedCoffeeTeam, startServerProcess } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

const MEMBERS = 500;

describe('a server killed in the middle of a round', () => {
  const issuer = new TokenIssuer();
  const connector = new FakeConnector();
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    await Promise.all([issuer.start(), connector.start()]);
    dir = mkdtempSync(join(tmpdir(), 'hallway-crash-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    connector.releaseHeld();
    await Promise.all([issuer.stop(), connector.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('finishes the round after a restart: all 500 members notified, nobody twice', async () => {
    const sqlitePath = join(dir, 'hallway.db');
    await seedCoffeeTeam(sqlitePath, connector, MEMBERS);

    const env = {
      SQLITE_PATH: sqlitePath,
      TENANT_REQUESTS_PER_SECOND: '50',
      JOBS_INTERVAL_MS: '2000',
    };
    const personal = () => connector.requests.filter((r) => (r.kind === 'send' || r.kind === 'reply') && r.conversationId?.startsWith('a:personal-'));
    // Teams stops answering after 150 notifications: the server is mid-round when it is killed.
    connector.hold((r) => (r.kind === 'send' || r.kind === 'reply') && Boolean(r.conversationId?.startsWith('a:personal-')) && personal().length >= 150);

    let server = await startServerProcess(issuer, env);
    child = server.child;
    const message = channelMessage(connector.url, 'coffee pair now', ORGANISER);
    void fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.token({ aud: APP_ID, serviceurl: connector.url })}` },
      body: JSON.stringify(message),
    }).catch(() => undefined);
    await connector.waitFor(() => connector.heldCount > 0, 60_000);
    child.kill('SIGKILL');
    await new Promise((done) => child!.once('exit', done));
    expect(personal().length).toBe(150);
    connector.releaseHeld();

    server = await startServerProcess(issuer, env);
    child = server.child;
    await connector.waitFor(() => personal().length >= MEMBERS, 60_000);
    const perMember = new Map<string, number>();
    for (const r of personal()) perMember.set(r.conversationId!, (perMember.get(r.conversationId!) ?? 0) + 1);
    expect(perMember.size).toBe(MEMBERS);
    expect([...perMember.values()].every((n) => n === 1)).toBe(true);

    child.kill('SIGTERM');
    await new Promise((done) => child!.once('exit', done));
    child = undefined;
    expect(personal()).toHaveLength(MEMBERS);
  }, 120_000);
});
