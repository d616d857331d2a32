/**
 * Benchmarks: `npm run bench -- <name> [--json]`. Not part of `npm test`; figures go into issue notes.
 *   checkin  1,000 distinct participants answer a meeting's card: all at once, 100 in flight, 50 connections; against an echo bot.
 *   answer   one answer in a quiet meeting, until the shared card everyone sees shows it (goal: about 2 s).
 *   pairing  matching quality (rounds until the first repeat, repeats under churn) and speed.
 *   fanout   2,000 members notified of a round while Teams throttles 10% of requests.
 *   tab      the tab's JavaScript size, first content in headless Chromium, API latency under load.
 *   load     60 s of mixed traffic: one instance on SQLite, one and two instances on Azure Tables (Azurite).
 *   commands ns per character to read pathological messages of 1k to 1M characters, before and after.
 *   days     never-met pairs at days-together lunch tables against random tables, and the time to plan for 500.
 *   migrate  a busy tenant's SQLite database copied into Azure Tables (Azurite), and the second run that finds nothing to copy.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERBS } from '../../bot/cards/check-in-card';
import { APP_ID, cardAction, meetingStart, participant } from '../fixtures/activities';
import { FakeConnector } from '../fixtures/fake-connector';
import { startServerProcess } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';
import { fanoutBench } from './fanout';
import { pairingBench } from './pairing';
import { tabBench } from './tab';
import { loadBench } from './load';
import { commandsBench } from './commands';
import { checkinBench } from './checkin';
import { daysBench } from './days';
import { migrateBench } from './migrate';

type Server = { child: ChildProcess; url: string; dir: string };

async function startServer(bot: 'hallway' | 'echo', issuer: TokenIssuer): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), `hallway-bench-${bot}-`));
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
  const { child, url } = await startServerProcess(issuer, { BENCH_BOT: bot, SQLITE_PATH: join(dir, 'hallway.db') }, profile);
  return { child, url, dir };
}

async function stopServer(server: Server) {
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(server.dir, { recursive: true, force: true });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * From one answer in a quiet meeting to the shared card showing it (what a person sees after pressing
 * Check in), on an idle server: each run a meeting of its own and its first answer, timed until Teams
 * receives the card update. Speed belongs here; the component test only checks the order of events.
 */
async function answerBench(runs = 20) {
  const issuer = new TokenIssuer();
  const connector = new FakeConnector();
  await Promise.all([issuer.start(), connector.start()]);
  const token = issuer.token({ aud: APP_ID, serviceurl: connector.url });
  const server = await startServer('hallway', issuer);
  const post = (body: object) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const answerOnce = async (i: number) => {
    const chat = `19:meeting_quiet-${i}@thread.v2`;
    await post(meetingStart(connector.url, { conversationId: chat, meetingId: `quiet-${i}` }));
    const sessionId = sessionIdOf(connector, chat);
    const messageId = connector.sends(chat).at(-1)!.activityId!;
    const who = participant(300_000 + i);
    const started = performance.now();
    await post(
      cardAction(connector.url, {
        verb: VERBS.submit,
        from: who,
        conversationId: chat,
        data: { sessionId, mood: 'good', visibility: 'shared' },
      }),
    );
    await connector.waitFor(() => JSON.stringify(connector.latestCard(messageId)).includes(who.name), 30_000);
    return performance.now() - started;
  };
  // Warm-up (JIT, key cache, connections), then the measured meetings.
  for (let i = 0; i < 5; i++) await answerOnce(1000 + i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await answerOnce(i));
  await stopServer(server);
  await Promise.all([issuer.stop(), connector.stop()]);

  const sorted = [...times].sort((a, b) => a - b);
  const figures = { runs, p50: percentile(sorted, 50), max: sorted.at(-1)! };
  console.log(`\nanswer: one answer in a quiet meeting, until the shared card shows it (${runs} meetings, SQLite)`);
  console.log(`median ${figures.p50.toFixed(1)} ms, slowest ${figures.max.toFixed(1)} ms (goal: within about 2 s)`);
  console.log(JSON.stringify({ bench: 'answer', ...figures }));
  if (figures.max > 2000) {
    console.error('FAILED: an answer took longer than 2 s to reach the shared card');
    process.exitCode = 1;
  }
}

function sessionIdOf(connector: FakeConnector, conversationId: string): string {
  return connector.sends(conversationId).at(-1)!.body.attachments[0].content.refresh.action.data.sessionId;
}

const benches: Record<string, (options: { json: boolean }) => Promise<void>> = {
  checkin: (options) => checkinBench(options),
  answer: () => answerBench(),
  pairing: (options) => pairingBench(options),
  fanout: (options) => fanoutBench(options),
  tab: (options) => tabBench(options),
  load: (options) => loadBench(options),
  commands: (options) => commandsBench(options),
  days: (options) => daysBench(options),
  migrate: (options) => migrateBench(options),
};

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((a) => a !== '--json');
  const chosen = names.length > 0 ? names : Object.keys(benches);
  for (const name of chosen) {
    const bench = benches[name];
    if (!bench) {
      console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(benches).join(', ')}`);
      process.exit(2);
    }
    await bench({ json });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
