import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { DEV_PEOPLE, DEV_PLACES, DEV_TENANT } from '../../bot/dev/directory';
import { describeInBrowser, launchChromium } from '../fixtures/browser';
import { startLocalHallway, type LocalHallway } from '../fixtures/local-hallway';
import { seedPulse } from '../fixtures/pulse-seed';

/** Chromium waits: generous ceilings on a loaded 2-core machine, not speed goals. */
const SHOWN = { timeout: 20_000 };
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'pulse');
const THEMES = ['default', 'dark', 'contrast'] as const;

const ada = DEV_PEOPLE.find((p) => p.upn.startsWith('ada@'))!;
const design = DEV_PLACES.find((p) => p.name === 'Design')!;
const weekly = DEV_PLACES.find((p) => p.kind === 'meeting')!;

describeInBrowser('the pulse in the tab (the /dev host page, headless Chromium)', () => {
  let hallway: LocalHallway;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let expected: Awaited<ReturnType<typeof seedPulse>>;

  beforeAll(async () => {
    chromium = await launchChromium();
    hallway = await startLocalHallway();
    browser = chromium.browser;
    // /dev adds Hallway to its sample teams on first use; the team's history is written after, through the storage ports.
    expect((await fetch(`${hallway.url}/dev/directory`)).status).toBe(200);
    const storage = hallway.app.storage;
    expected = await seedPulse(storage, {
      tenantId: DEV_TENANT,
      teamId: design.id,
      meetingId: weekly.id,
      chatId: weekly.kind === 'meeting' ? weekly.chatId : '',
      organiser: ada.aadObjectId,
      people: 30,
      now: new Date(),
      reference: (await storage.installations.get(design.id))!.reference,
      first: { userId: ada.userId, aadObjectId: ada.aadObjectId, name: ada.name },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await hallway?.stop();
  });

  async function openPulse(place: string, theme: string): Promise<{ page: Page; tab: FrameLocator }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(`${hallway.url}/dev?user=ada&place=${place}&frame=content&theme=${theme}`);
    const tab = page.frameLocator('[data-testid=tab-frame]');
    await tab.locator('[data-testid=pulse-open]').click(SHOWN);
    return { page, tab };
  }

  /** The text of every cell of a table, row by row, header row left out. */
  async function cells(tab: FrameLocator, testId: string): Promise<string[][]> {
    return tab.locator(`[data-testid=${testId}] tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
  }

  const percent = (share: number) => `${Math.round(share * 100)}%`;

  test("the team's charts and tables show the figures counted on their own, too-few points say so, and the table is one key press away", async () => {
    const { page, tab } = await openPulse('design', 'default');
    const chart = tab.locator('svg[data-testid=chart-coffee-met]');
    await chart.waitFor(SHOWN);
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').first().textContent()).toBe('Coffee: groups that met');
    expect(await chart.locator('desc').textContent()).toContain('Groups per round');

    // The table view, by keyboard: focus the toggle and press Enter.
    const toggle = tab.locator('[data-testid=pulse-coffee-met-toggle]');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await tab.locator('[data-testid=pulse-coffee-met-table]').waitFor({ state: 'visible', ...SHOWN });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await chart.isVisible()).toBe(false);

    const rounds = await cells(tab, 'pulse-coffee-met-table');
    expect(rounds.map((r) => [r[0], ...r.slice(2)])).toEqual(
      expected.coffee.rounds.map((r: any) =>
        r.kind === 'shown'
          ? [String(r.round), String(r.people), String(r.groups), String(r.met), percent(r.shareMet), String(r.firstTimePairs)]
          : [String(r.round), ...Array(5).fill('too few to show')],
      ),
    );
    const breakRows = await cells(tab, 'pulse-break-table');
    expect(breakRows.map((r) => r.slice(1))).toEqual(
      expected.breaks.occurrences.map((o: any) => (o.kind === 'shown' ? [String(o.people), String(o.topics)] : ['too few to show', 'too few to show'])),
    );
    const quarter = expected.coffee.quarter as any;
    expect(await tab.locator('[data-testid=pulse-quarter]').textContent()).toContain(`${quarter.metSomeoneNew} of ${quarter.people} members met someone new`);
    // Too-few columns are drawn as outlines with no height of their own.
    expect(await tab.locator('svg[data-testid=chart-break-attendance] .chart-too-few').count()).toBe(
      expected.breaks.occurrences.filter((o) => o.kind === 'too-few').length,
    );
    await page.context().close();
  });

  test("the meeting's check-in charts match the answers, and my moods are my own", async () => {
    const { page, tab } = await openPulse('weekly', 'default');
    await tab.locator('svg[data-testid=chart-series-moods]').waitFor(SHOWN);
    await tab.locator('[data-testid=pulse-series-moods-toggle]').click();
    const rows = await cells(tab, 'pulse-series-moods-table');
    expect(rows.map((r) => r.slice(1))).toEqual(
      expected.series.occurrences.map((o: any) =>
        o.kind === 'too-few'
          ? Array(9).fill('too few to show')
          : [
              String(o.people),
              String(o.checkedIn),
              String(o.skipped),
              ...(o.moods.kind === 'shown' ? [...o.moods.steps.map((s: any) => String(s.count)), String(o.moods.average)] : Array(6).fill('too few to show')),
            ],
      ),
    );
    const slope = (expected.series.trend as any).slope as number;
    expect(await tab.locator('[data-testid=pulse-trend]').textContent()).toContain(Math.abs(slope).toFixed(2));

    // Ada's own moods: exactly the ones she gave, in order.
    const mine = Array.from({ length: 12 }, (_, k) => expected.answersOf(k))
      .flat()
      .filter((a) => a.person.aadObjectId === ada.aadObjectId && !a.skipped)
      .map((a) => a.mood);
    await tab.locator('[data-testid=pulse-my-moods-toggle]').click();
    const myRows = await cells(tab, 'pulse-my-moods-table');
    expect(myRows.map((r) => r[1]!.toLowerCase())).toEqual(mine);
    await page.context().close();
  });

  test('screenshots of every chart in the three Teams themes', async () => {
    const charts = {
      design: ['pulse-coffee-people', 'pulse-coffee-met', 'pulse-break', 'pulse-my-moods'],
      weekly: ['pulse-series-answers', 'pulse-series-moods', 'pulse-series-average'],
    };
    let taken = 0;
    for (const theme of THEMES) {
      for (const [place, figures] of Object.entries(charts)) {
        const { page, tab } = await openPulse(place, theme);
        await tab.locator(`[data-testid=${figures[0]}-figure] svg.chart`).waitFor(SHOWN);
        await tab.locator('[data-testid=pulse-mine] svg.chart').waitFor(SHOWN);
        for (const figure of figures) {
          await tab.locator(`[data-testid=${figure}-figure]`).screenshot({ path: join(SCREENSHOTS, `${figure.replace('pulse-', '')}-${theme}.png`) });
          taken++;
        }
        await page.context().close();
      }
    }
    expect(taken).toBe(21);
  }, 180_000);
});
