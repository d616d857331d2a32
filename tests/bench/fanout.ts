/**
 * Fan-out: one coffee round notifying 2,000 members through the fake Bot Connector while it
 * answers 10% of requests with 429 and Retry-After. Checks everyone is notified exactly once and
 * that the per-conversation and per-tenant rates are never exceeded; reports the total time
 * against the time the rate limit allows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONVERSATION_WINDOWS } from '../../bot/teams/rate-limiter';
import { APP_ID, channelMessage, ORGANISER } from '../fixtures/activities';
import { FakeConnector, type Recorded } from '../fixtures/fake-connector';
import { seedCoffeeTeam, startServerProcess } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

/** Teams' per-tenant limit, and the pace Hallway is configured to keep under it. */
const TENANT_LIMIT = 50;
const TENANT_RATE = 48;

/** The most requests seen in any window of `ms`. */
function peak(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function fanoutBench(options: { json: boolean; members?: number }): Promise<void> {
  const members = options.members ?? 2000;
  const issuer = new TokenIssuer();
  const connector = new FakeConnector();
  await Promise.all([issuer.start(), connector.start()]);
  const dir = mkdtempSync(join(tmpdir(), 'hallway-fanout-'));
  const sqlitePath = join(dir, 'hallway.db');

  await seedCoffeeTeam(sqlitePath, connector, members);
  const { child, port } = await startServerProcess(issuer, {
    SQLITE_PATH: sqlitePath,
    TENANT_REQUESTS_PER_SECOND: String(TENANT_RATE),
    JOBS_INTERVAL_MS: '1000',
  });

  connector.failRandomly(0.1, [429], 7, 1);
  const personal = (r: Recorded) => (r.kind === 'send' || r.kind === 'reply') && Boolean(r.conversationId?.startsWith('a:personal-'));
  const started = Date.now();
  await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${issuer.token({ aud: APP_ID, serviceurl: connector.url })}` },
    body: JSON.stringify(channelMessage(connector.url, 'coffee pair now', ORGANISER)),
  });
  await connector.waitFor(() => connector.requests.filter(personal).length >= members, 600_000);
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive now
  child.kill('SIGTERM');

  const delivered = connector.requests.filter(personal);
  const perMember = new Map<string, number>();
  for (const r of delivered) perMember.set(r.conversationId!, (perMember.get(r.conversationId!) ?? 0) + 1);
  const all = [...connector.requests, ...connector.failed];
  const tenantPeak = peak(
    all.map((r) => r.at),
    1000,
  );
  const conversationPeaks = CONVERSATION_WINDOWS.map(([count, ms]) => {
    const byConversation = new Map<string, number[]>();
    for (const r of all.filter((x) => x.kind === 'send' || x.kind === 'reply' || x.kind === 'update')) {
      const list = byConversation.get(r.conversationId ?? '') ?? [];
      list.push(r.at);
      byConversation.set(r.conversationId ?? '', list);
    }
    return { limit: `${count} / ${ms / 1000} s`, peak: Math.max(...[...byConversation.values()].map((t) => peak(t, ms))), count };
  });
  const requests = all.length;
  const allowed = requests / TENANT_LIMIT;
  const result = {
    bench: 'fanout',
    members,
    notified: perMember.size,
    notifiedTwice: [...perMember.values()].filter((n) => n > 1).length,
    throttled: connector.failed.length,
    requests,
    seconds: Number(seconds.toFixed(1)),
    fastestAllowedSeconds: Number(allowed.toFixed(1)),
    overhead: Number((seconds / allowed - 1).toFixed(3)),
    tenantPeakPerSecond: tenantPeak,
    conversationPeaks,
  };
  console.log(
    `\nfan-out: ${members} members notified, 10% of requests answered 429 with Retry-After: 1; Hallway paced at ${TENANT_RATE} requests/s under Teams' ${TENANT_LIMIT}`,
  );
  console.log('| members notified | notified twice | 429s | requests | seconds | limit allows (s) | over the limit-bound time | peak tenant req/s (limit) |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${result.notified} | ${result.notifiedTwice} | ${result.throttled} | ${requests} | ${result.seconds} | ${result.fastestAllowedSeconds} | ${(result.overhead * 100).toFixed(1)}% | ${tenantPeak} (${TENANT_LIMIT}) |`,
  );
  for (const c of conversationPeaks) console.log(`peak per conversation in ${c.limit}: ${c.peak}`);
  if (options.json) console.log(JSON.stringify(result));
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([issuer.stop(), connector.stop()]);
  if (result.notified !== members || result.notifiedTwice > 0 || tenantPeak > TENANT_LIMIT || conversationPeaks.some((c) => c.peak > c.count)) {
    console.error('FAILED: not everyone notified exactly once, or a rate limit was exceeded');
    process.exitCode = 1;
  }
}
