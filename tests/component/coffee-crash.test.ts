import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PROGRAMME_SETTINGS } from '../../bot/domain/pairing/model';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { APP_ID, BOT_ID, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID } from '../fixtures/activities';
import { FakeConnector } from '../fixtures/fake-connector';
import { TokenIssuer } from '../fixtures/token-issuer';

const MEMBERS = 500;

/** Hallway as its own process, so it can be killed with SIGKILL. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(resolve(__dirname, '../fixtures/server-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    child.on('message', (m: any) => m.type === 'listening' && done({ child, url: `http://127.0.0.1:${m.port}` }));
  });
}

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
    const people = Array.from({ length: MEMBERS }, (_, i) => participant(i + 1));
    // A team whose members joined earlier rounds: their 1:1 chats with Hallway already exist.
    const seed = openSqliteStorage(sqlitePath);
    await seed.programmes.ensure({
      id: TEAM_ID,
      tenantId: TENANT_ID,
      reference: { channelId: 'msteams', serviceUrl: connector.url, bot: { id: BOT_ID, name: 'Hallway' }, conversation: { id: TEAM_ID, tenantId: TENANT_ID, conversationType: 'channel', isGroup: true } },
      organisers: [ORGANISER.aadObjectId],
      settings: DEFAULT_PROGRAMME_SETTINGS,
      roundSeq: 0,
      nextRoundAt: new Date('2099-01-05T10:00:00Z'),
      createdAt: new Date(),
    });
    for (const [i, p] of people.entries()) {
      const chat = `a:personal-${i + 1}`;
      connector.personalChats.set(p.id, chat);
      connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
      await seed.programmes.saveMember({
        programmeId: TEAM_ID, userId: p.id, aadObjectId: p.aadObjectId, name: p.name, status: 'active',
        silentRounds: 0, personalConversationId: chat, joinedAt: new Date(),
      });
    }
    connector.addMember({ ...ORGANISER });
    await seed.close();

    const env = {
      SQLITE_PATH: sqlitePath,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'offline',
      ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
      ToBotFromChannelTokenIssuer: issuer.issuer,
      TENANT_REQUESTS_PER_SECOND: '50',
      JOBS_INTERVAL_MS: '2000',
    };
    const personal = () => connector.requests.filter((r) => (r.kind === 'send' || r.kind === 'reply') && r.conversationId?.startsWith('a:personal-'));
    // Teams stops answering after 150 notifications: the server is mid-round when it is killed.
    connector.hold((r) => (r.kind === 'send' || r.kind === 'reply') && Boolean(r.conversationId?.startsWith('a:personal-')) && personal().length >= 150);

    let server = await startServer(env);
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

    server = await startServer(env);
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
