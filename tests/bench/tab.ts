/**
 * The tab: gzipped JavaScript per page, time from the iframe's navigation to first content in
 * headless Chromium (through /dev), and the tab API's latency under autocannon load.
 * BENCH_DETAIL=1 also prints the first two loads' timeline (requests and the tab's own marks).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { buildTab, TAB_PAGES, type TabAssets } from '../../tab/build';
import { CHROMIUM_PATH, launchChromium } from '../fixtures/browser';
import { startServerProcess } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

const LOADS = 10;
const DESIGN = '19:dev-design@thread.tacv2';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function tabBench(options: { json: boolean }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hallway-bench-tab-'));
  const tabDir = join(dir, 'tab');
  const assets: TabAssets = await buildTab(tabDir);
  const print = (name: string, figures: Record<string, unknown>, line: string) =>
    console.log(options.json ? JSON.stringify({ bench: 'tab', name, ...figures }) : line);

  // 1. What each page downloads: its entry script and the chunks it imports, gzipped.
  for (const page of TAB_PAGES) {
    const files = assets[page].all;
    const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(tabDir, f)), { level: 9 }).length, 0);
    const raw = files.reduce((sum, f) => sum + readFileSync(join(tabDir, f)).length, 0);
    print(
      `js-${page}`,
      { gzipBytes: gz, bytes: raw },
      `${page.padEnd(8)} JavaScript: ${kb(gz)} gzipped (${kb(raw)} minified)${page === 'content' ? `; goal ≤ 150 KB: ${gz <= 150 * 1024 ? 'met' : 'NOT met'}` : ''}`,
    );
  }

  const issuer = new TokenIssuer();
  await issuer.start();
  const { child, url } = await startServerProcess(issuer, {
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    TAB_DIR: tabDir,
    TAB_API_USER_LIMIT: '1000000',
    SQLITE_PATH: join(dir, 'hallway.db'),
    JOBS_INTERVAL_MS: '0',
  });
  try {
    // The server has been running a while when people open the tab: its first-call work is done.
    const people = ((await (await fetch(`${url}/dev/directory`)).json()) as { people: { aadObjectId: string; upn: string }[] }).people.slice(0, 5);
    const tokens = await Promise.all(
      people.map(
        async (p) =>
          (
            (await (
              await fetch(`${url}/dev/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ aadObjectId: p.aadObjectId }),
              })
            ).json()) as { token: string }
          ).token,
      ),
    );
    const team = encodeURIComponent(DESIGN);
    const requests = tokens.flatMap((token) => [
      { method: 'GET' as const, path: `/api/v1/teams/${team}/coffee`, headers: { authorization: `Bearer ${token}` } },
      { method: 'GET' as const, path: `/api/v1/teams/${team}/breaks`, headers: { authorization: `Bearer ${token}` } },
    ]);
    for (const r of requests) await fetch(`${url}${r.path}`, { headers: r.headers }); // warm the roster cache

    // 2. First content (a browser with an empty cache): from the iframe's navigation start to the tab's "hallway:first-content" mark.
    if (!CHROMIUM_PATH) console.log('first content: skipped (Chromium is not installed)');
    else {
      const { browser, close } = await launchChromium();
      const context = await browser.newContext();
      const page = await context.newPage();
      const times: number[] = [];
      for (let i = 0; i < LOADS; i++) {
        await page.goto(`${url}/dev?user=ada&place=design&frame=content`);
        const frame = await (await page.waitForSelector('[data-testid=tab-frame]')).contentFrame();
        await frame!.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
        times.push(await frame!.evaluate<number>('performance.getEntriesByName("hallway:first-content")[0].startTime'));
        if (process.env.BENCH_DETAIL && i < 2)
          console.log(
            await frame!.evaluate<string>(
              'JSON.stringify(performance.getEntries().map(e => [e.name.replace(location.origin, ""), Math.round(e.startTime), Math.round(e.duration)]))',
            ),
          );
      }
      await close();
      const warm = times.slice(1).sort((a, b) => a - b);
      const median = warm[Math.floor(warm.length / 2)]!;
      print(
        'first-content',
        { coldMs: Math.round(times[0]!), warmMedianMs: Math.round(median), warmMaxMs: Math.round(warm.at(-1)!) },
        `first content after the iframe starts loading: empty cache ${Math.round(times[0]!)} ms, cached median ${Math.round(median)} ms, max ${Math.round(warm.at(-1)!)} ms (${LOADS} loads); goal ≤ 1000 ms: ${Math.max(times[0]!, warm.at(-1)!) <= 1000 ? 'met' : 'NOT met'}`,
      );
    }

    // 3. The API under load: Design's coffee and breaks, read by its five members.
    const result = await autocannon({ url, connections: 20, duration: 15, requests });
    const errors = result.non2xx + result.errors + result.timeouts;
    print(
      'api',
      {
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors,
        total: result.requests.total,
      },
      `tab API (coffee + breaks, 20 connections, 15 s): ${Math.round(result.requests.average)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${errors} errors of ${result.requests.total}`,
    );
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    await issuer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
