import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { describeInBrowser, launchChromium } from '../fixtures/browser';
import { startLocalHallway, type LocalHallway } from '../fixtures/local-hallway';

/** Chromium waits: generous ceilings on a loaded 2-core machine, not speed goals. */
const SHOWN = { timeout: 15_000 };

/** A date three weeks ahead, so the plan is never in the past whenever the test runs. */
const FIRST_DAY = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

describeInBrowser('days together in the tab (the /dev host page, headless Chromium)', () => {
  let hallway: LocalHallway;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;

  beforeAll(async () => {
    chromium = await launchChromium();
    hallway = await startLocalHallway();
    browser = chromium.browser;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await hallway?.stop();
  });

  async function open(user: string, place: string): Promise<{ page: Page; tab: FrameLocator }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error (${user}): ${error.message}\n`));
    await page.goto(`${hallway.url}/dev?user=${user}&place=${encodeURIComponent(place)}&frame=content`);
    return { page, tab: page.frameLocator('[data-testid=tab-frame]') };
  }

  const button = (tab: FrameLocator | Locator, name: string | RegExp) => tab.locator('fluent-button', { hasText: name }).first();
  const shows = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor(SHOWN);

  test('an organiser plans two days (a non-https link is refused with its message), says she is coming from the keyboard; a teammate sees it, another team does not; every field has a label', async () => {
    const ada = await open('ada', 'design');
    const days = ada.tab.locator('[data-testid=days]');
    await shows(days, 'No days together planned');
    await ada.tab.locator('summary', { hasText: 'Plan days together' }).click();
    await ada.tab.locator('input[name=first]').fill(FIRST_DAY);
    await ada.tab.locator('input[name=place]').fill('Lisbon **office**');
    await ada.tab.locator('input[name=link]').fill('http://maps.example/lisbon');
    await button(days, 'Plan days together').click();
    await shows(days, 'link: The link must be an https:// link');
    await ada.tab.locator('input[name=link]').fill('https://maps.example/lisbon');
    await button(days, 'Plan days together').click();
    const plan = ada.tab.locator('[data-testid=days-plan]').first();
    await shows(plan, 'Lisbon **office**');

    const unlabelled = await days
      .locator('input, select, textarea')
      .evaluateAll((controls) =>
        controls
          .filter((c) => !(c.getAttribute('aria-label') || (c.id && c.ownerDocument.querySelector(`label[for="${c.id}"]`)) || c.closest('label')))
          .map((c) => c.outerHTML),
      );
    expect(unlabelled).toEqual([]);

    const firstDay = plan.locator('[data-testid=days-day]').first();
    await button(firstDay, "I'm coming").focus();
    await ada.page.keyboard.press('Enter');
    await shows(firstDay, /Coming: Ada Lovelace/);
    expect(await button(firstDay, "I'm coming").getAttribute('aria-pressed')).toBe('true');
    await ada.page.context().close();

    const ben = await open('ben', 'design');
    await shows(ben.tab.locator('[data-testid=days-day]').first(), /Coming: Ada Lovelace/);
    expect(await ben.tab.locator('summary', { hasText: 'Plan days together' }).count()).toBe(0);
    await ben.page.context().close();

    const farah = await open('farah', 'platform');
    await shows(farah.tab.locator('[data-testid=days]'), 'No days together planned');
    expect(await farah.tab.locator('body').textContent()).not.toContain('Lisbon');
    await farah.page.context().close();
  }, 90_000);
});
