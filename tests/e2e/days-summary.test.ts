import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { UiLocale } from '../../bot/i18n/locales';
import { Messages } from '../../bot/i18n/translate';
import de from '../../tab/i18n/de.json';
import en from '../../tab/i18n/en.json';
import es from '../../tab/i18n/es.json';
import fr from '../../tab/i18n/fr.json';
import ja from '../../tab/i18n/ja.json';
import { describeInBrowser, launchChromium } from '../fixtures/browser';
import { startLocalHallway, type LocalHallway } from '../fixtures/local-hallway';

/** Chromium waits: generous ceilings on a loaded 2-core machine, not speed goals. */
const SHOWN = { timeout: 15_000 };
const DAY = 86_400_000;
/** Dates around the real today, so the plan is planned ahead and then ended, whenever the test runs. */
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const tabText = new Messages(en, { de, fr, es, ja });

describeInBrowser('how the days went, in the tab (the /dev host page, headless Chromium)', () => {
  let hallway: LocalHallway;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let planId: string;

  beforeAll(async () => {
    chromium = await launchChromium();
    hallway = await startLocalHallway();
    browser = chromium.browser;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await hallway?.stop();
  });

  async function open(user: string, locale = 'en-US'): Promise<{ page: Page; tab: FrameLocator }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error (${user}): ${error.message}\n`));
    await page.goto(`${hallway.url}/dev?user=${user}&place=design&frame=content&locale=${encodeURIComponent(locale)}`);
    return { page, tab: page.frameLocator('[data-testid=tab-frame]') };
  }

  const shows = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor(SHOWN);
  /** Four of the people who came say whether they met someone new: all but the first did. */
  const answered = (n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => hallway.app.storage.days.recordMet(planId, `29:person-${i}`, i !== 0, new Date())));

  test('an organiser plans days together; once they are over she sees "too few" below five answers and the figure from five; a teammate sees neither', async () => {
    const ada = await open('ada');
    const days = ada.tab.locator('[data-testid=days]');
    await shows(days, 'No days together planned');
    await ada.tab.locator('summary', { hasText: 'Plan days together' }).click();
    await days.locator('input[name=first]').fill(dateIn(21));
    await days.locator('input[name=place]').fill('Porto office');
    await days.locator('input[name=timeZone]').fill('UTC');
    await days.locator('fluent-button', { hasText: 'Plan days together' }).first().click();
    await shows(ada.tab.locator('[data-testid=days-plan]'), 'Porto office');
    await ada.page.context().close();

    // The days took place last week: the plan's dates are moved, as if the weeks had passed.
    const plan = (await hallway.app.storage.days.active()).find((p) => p.place === 'Porto office')!;
    planId = plan.id;
    await hallway.app.storage.days.save({ ...plan, dates: [dateIn(-8), dateIn(-7)] });
    await answered(4);

    const before = await open('ada');
    const ended = before.tab.locator('[data-testid=days-ended]');
    await shows(ended, 'Porto office');
    await shows(ended.locator('[data-testid=days-went]'), '4 answers so far; the figure shows from 5.');
    expect(await before.tab.locator('[data-testid=days-plan]').count()).toBe(0);
    await before.page.context().close();

    await answered(5);
    const after = await open('ada');
    await shows(after.tab.locator('[data-testid=days-went]'), '4 of the 5 people who answered met someone new.');
    await shows(after.tab.locator('[data-testid=days-went]'), 'How the days went');
    await after.page.context().close();

    const ben = await open('ben');
    await shows(ben.tab.locator('[data-testid=days]'), 'No days together planned');
    expect(await ben.tab.locator('body').textContent()).not.toMatch(/Porto|How the days went|met someone new/);
    await ben.page.context().close();
  }, 120_000);

  test.each(['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'])(
    'in %s, the organiser reads the figure in her own language (after the five answers above)',
    async (tag) => {
      const locale = tag.slice(0, 2) as UiLocale;
      const figure = tabText.format(locale, 'days.went.shown', { met: 4, answers: 5 });
      const { page, tab } = await open('ada', tag);
      const went = tab.locator('[data-testid=days-went]');
      await shows(went, figure);
      await shows(went, tabText.format(locale, 'days.went'));
      // The figure is translated: only English reads as English.
      expect(figure === tabText.format('en', 'days.went.shown', { met: 4, answers: 5 })).toBe(locale === 'en');
      await page.context().close();
    },
    60_000,
  );
});
