import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import de from '../../tab/i18n/de.json';
import en from '../../tab/i18n/en.json';
import es from '../../tab/i18n/es.json';
import fr from '../../tab/i18n/fr.json';
import ja from '../../tab/i18n/ja.json';
import { describeInBrowser, launchChromium } from '../fixtures/browser';
import { startLocalHallway, type LocalHallway } from '../fixtures/local-hallway';

// The functions handed to `evaluate` run in the page; the tests are type-checked without the DOM's
// types, so the page's globals are declared here, loosely.
declare const document: any, window: any, getComputedStyle: any, NodeFilter: any, Node: any;
type Element = any;

/** Chromium waits: generous ceilings on a loaded 2-core machine, not speed goals. */
const SHOWN = { timeout: 15_000 };
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'languages');
/** A date three weeks ahead, so the planned days are never in the past whenever the test runs. */
const FIRST_DAY = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

/** The plain text of a catalogue message without placeholders: what a person sees of it. */
const words = (message: string) => message.split(/[{}]/)[0]!.trim();

describeInBrowser('the tab in each language, the pseudo-locale and right to left (the /dev host page, headless Chromium)', () => {
  let hallway: LocalHallway;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  /** Words of the made-up organisation (people, teams, meetings): data, shown as it is in every language. */
  let data: Set<string>;

  beforeAll(async () => {
    chromium = await launchChromium();
    hallway = await startLocalHallway();
    browser = chromium.browser;
    const directory = (await (await fetch(`${hallway.url}/dev/directory`)).json()) as { people: { name: string }[]; places: { name: string }[] };
    data = new Set([...directory.people, ...directory.places].flatMap((x) => x.name.split(/[^A-Za-z]+/)).filter(Boolean));
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await hallway?.stop();
  });

  async function open(user: string, place: string, frame: 'config' | 'content', locale: string): Promise<{ page: Page; tab: FrameLocator }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error (${user}): ${error.message}\n`));
    await page.goto(`${hallway.url}/dev?user=${user}&place=${encodeURIComponent(place)}&frame=${frame}&locale=${encodeURIComponent(locale)}`);
    return { page, tab: page.frameLocator('[data-testid=tab-frame]') };
  }

  const tabFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes('/tab/'))!;
  const button = (tab: FrameLocator | Locator, name: string | RegExp) => tab.locator('fluent-button', { hasText: name }).first();
  const shows = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor(SHOWN);

  /** Opens every part of the page a person can open: closed panels, the pulse's charts and tables. */
  async function openEverything(page: Page, tab: FrameLocator): Promise<void> {
    await tab.locator('body[data-ready=true]').waitFor(SHOWN);
    const pulse = tab.locator('[data-testid=pulse-open]');
    if (await pulse.count()) {
      await pulse.click();
      await tab.locator('[data-testid=pulse-mine] .view-body > *').first().waitFor(SHOWN);
    }
    await tabFrame(page).evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
  }

  // Each language with someone who has not joined coffee yet, and another language's words that must not show.
  test.each([
    ['en-US', en, 'dara', 'design', de],
    ['de-DE', de, 'ben', 'design', en],
    ['fr-FR', fr, 'chen', 'design', en],
    ['es-ES', es, 'eli', 'design', en],
    ['ja-JP', ja, 'gus', 'lunch', en],
  ])(
    'in %s, people walk coffee and the meeting in their own language, and no other language shows',
    async (locale, catalogue, member, place, other) => {
      const joiner = await open(member, place, 'content', locale);
      const joining = joiner.tab.locator('[data-testid=coffee]');
      await shows(joining.locator('h2'), catalogue['coffee.title']);
      await shows(joiner.tab.locator('[data-testid=breaks] h2'), catalogue['breaks.title']);
      expect(await tabFrame(joiner.page).evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      await button(joining, catalogue['coffee.join']).click();
      await shows(joining.locator('[data-testid=coffee-status]'), catalogue['coffee.status.in']);
      await joiner.page.context().close();

      // Ada organises Design's coffee: the team's language is chosen among the languages in their own names.
      const ada = await open('ada', 'design', 'content', locale);
      const coffee = ada.tab.locator('[data-testid=coffee]');
      await coffee.locator('summary', { hasText: catalogue['coffee.team.title'] }).click();
      const language = coffee.locator('select[name=language]');
      expect(await language.locator('option').allTextContents()).toEqual([
        catalogue['settings.language.default'],
        'English',
        'Deutsch',
        'Français',
        'Español',
        '日本語',
      ]);
      await language.selectOption('fr');
      await button(coffee, catalogue['coffee.team.save']).click();
      await shows(coffee.locator('.view-status'), catalogue['coffee.team.saved']);
      const text = (await ada.tab.locator('body').textContent()) ?? '';
      for (const id of ['coffee.title', 'breaks.title', 'privacy.title', 'coffee.team.save'] as const) expect(text).not.toContain(other[id]);
      await ada.page.context().close();

      const organiser = await open('ada', 'weekly', 'content', locale);
      const meeting = organiser.tab.locator('[data-testid=meeting]');
      await shows(meeting.locator('h2'), catalogue['meeting.title']);
      await button(meeting, catalogue['meeting.start']).click();
      await shows(meeting.locator('.view-status'), new RegExp(`${catalogue['meeting.started']}|${catalogue['meeting.alreadyOpen']}`));
      await meeting.locator('summary', { hasText: catalogue['meeting.settings.title'] }).click();
      await shows(meeting.locator('label'), catalogue['meeting.settings.language']);
      await meeting.locator('select[name=language]').selectOption('ja');
      await button(meeting, catalogue['meeting.settings.save']).click();
      await shows(meeting.locator('.view-status'), catalogue['meeting.settings.saved']);
      expect(await meeting.locator('select[name=language]').inputValue()).toBe('ja');
      expect(await meeting.textContent()).not.toContain(words(other['meeting.settings.language']));
      await organiser.page.context().close();
    },
    120_000,
  );

  /** Visible text, placeholders, labels and titles with a plain ASCII word that is not data: text that skipped the catalogue. */
  function untranslated(frame: Frame, allowed: string[]): Promise<string[]> {
    return frame.evaluate((allowedWords) => {
      const allow = new Set(allowedWords);
      const found: string[] = [];
      const english = (text: string) =>
        text
          // URLs, dates and time zones are data, as people type them.
          .replace(/https?:\/\/\S*/g, '')
          .replace(/\b[A-Za-z_]+\/[A-Za-z_/+-]+\b/g, '')
          .match(/\b[A-Za-z]{2,}\b/g)
          ?.filter((w) => !allow.has(w));
      const visible = (element: Element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !visible(parent) || parent.closest('[lang]:not(html)') || parent.closest('script, style')) continue;
        const left = english(node.textContent ?? '');
        if (left?.length) found.push(`${parent.tagName.toLowerCase()}: ${node.textContent!.trim()}`);
      }
      for (const element of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
        for (const name of ['placeholder', 'aria-label', 'title']) {
          const value = element.getAttribute(name);
          const left = value ? english(value) : undefined;
          if (left?.length) found.push(`${element.tagName.toLowerCase()}[${name}]: ${value}`);
        }
      }
      return found;
    }, allowed);
  }

  /** Elements whose own text is wider than their box (cut off), unless they are meant to scroll. */
  function cutOff(frame: Frame): Promise<string[]> {
    return frame.evaluate(() => {
      const found: string[] = [];
      for (const element of document.body.querySelectorAll('*')) {
        const ownText = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
        if (!ownText || element.clientWidth === 0) continue;
        const style = getComputedStyle(element);
        if (['auto', 'scroll'].includes(style.overflowX)) continue;
        if (element.scrollWidth > element.clientWidth + 1) found.push(`${element.tagName.toLowerCase()}: ${element.textContent?.trim().slice(0, 60)}`);
      }
      return found;
    });
  }

  /** Elements that stick out of the page sideways, and whether the page itself scrolls sideways. */
  function outside(frame: Frame): Promise<string[]> {
    return frame.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const found: string[] = [];
      if (document.documentElement.scrollWidth > width + 1) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
      for (const element of document.body.querySelectorAll('*')) {
        if (element.closest('svg') && element.tagName !== 'svg') continue;
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        if (rect.left < -1 || rect.right > width + 1)
          found.push(`${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''} [${Math.round(rect.left)}, ${Math.round(rect.right)}]`);
      }
      return found;
    });
  }

  const ALLOWED = ['Hallway', 'Teams', 'Microsoft', 'CSV', 'UTC', 'GMT'];

  test('the check for English left finds it when the tab is in English (so it can fail)', async () => {
    const { page, tab } = await open('ben', 'design', 'content', 'en-US');
    await openEverything(page, tab);
    const left = await untranslated(tabFrame(page), [...data, ...ALLOWED]);
    expect(left).toEqual(expect.arrayContaining([expect.stringContaining(en['coffee.title']), expect.stringContaining(en['privacy.download'])]));
    await page.context().close();
  }, 60_000);

  test.each([
    ['content', 'ada', 'design', 'content-qps-ploc.png'],
    ['content', 'ada', 'weekly', undefined],
    ['config', 'ada', 'design', 'config-qps-ploc.png'],
    ['config', 'ada', 'weekly', undefined],
  ] as const)(
    'in the pseudo-locale, the %s page for %s in %s has no English left and no text cut off',
    async (frame, user, place, screenshot) => {
      const { page, tab } = await open(user, place, frame, 'qps-ploc');
      if (frame === 'content' && place === 'design') {
        // Something in every part: a member, a break with a topic, so their texts are drawn too.
        await button(tab.locator('[data-testid=coffee]'), /./).click();
        await tab.locator('[data-testid=coffee-status] fluent-badge').waitFor(SHOWN);
        await tab.locator('[data-key=new-break] summary').click();
        await tab.locator('[data-key=new-break] fluent-button[appearance=primary]').click();
        const occurrence = tab.locator('[data-testid=occurrence]').first();
        await occurrence.locator('fluent-button').first().click();
        await occurrence.locator('[data-testid=coming]').filter({ hasText: 'Ada' }).waitFor(SHOWN);
        await occurrence.locator('input[name=topic]').fill('Ŝñáçķš øñ Ƒŕíðáý?');
        await occurrence.locator('form fluent-button').click();
        await occurrence.locator('[data-testid=topics]').waitFor(SHOWN);
        await tab.locator('[data-key=new-days] summary').click();
        await tab.locator('[data-key=new-days] input[name=first]').fill(FIRST_DAY);
        await tab.locator('[data-key=new-days] input[name=place]').fill('Łíšƀöá');
        await tab.locator('[data-key=new-days] fluent-button[appearance=primary]').click();
        await button(tab.locator('[data-testid=days-day]').first(), /./).click();
        await tab.locator('[data-testid=days-day]').first().filter({ hasText: 'Ada' }).waitFor(SHOWN);
      }
      if (frame === 'content' && place === 'weekly') {
        await button(tab.locator('[data-testid=meeting]'), /./).click();
        await tab.locator('[data-testid=live]').waitFor(SHOWN);
      }
      await openEverything(page, tab);
      const inTab = tabFrame(page);
      expect(await inTab.evaluate(() => document.documentElement.lang)).toBe('qps-ploc');
      expect(await untranslated(inTab, [...data, ...ALLOWED])).toEqual([]);
      expect(await cutOff(inTab)).toEqual([]);
      if (screenshot) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await inTab.evaluate(() => window.scrollTo(0, 0));
        await page.locator('[data-testid=tab-frame]').screenshot({ path: join(SCREENSHOTS, screenshot), scale: 'css' });
      }
      await page.context().close();
    },
    90_000,
  );

  test.each([
    ['content', 'design', 'content-rtl.png'],
    ['content', 'weekly', undefined],
    ['config', 'design', undefined],
    ['config', 'weekly', undefined],
  ] as const)(
    'right to left, the %s page in %s keeps every element inside the page, and no text is cut off',
    async (frame, place, screenshot) => {
      const { page, tab } = await open('ada', place, frame, 'en-US');
      await openEverything(page, tab);
      const inTab = tabFrame(page);
      await inTab.evaluate(() => {
        document.documentElement.dir = 'rtl';
      });
      expect(await inTab.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
      expect(await outside(inTab)).toEqual([]);
      expect(await cutOff(inTab)).toEqual([]);
      if (screenshot) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await inTab.evaluate(() => window.scrollTo(0, 0));
        await page.locator('[data-testid=tab-frame]').screenshot({ path: join(SCREENSHOTS, screenshot), scale: 'css' });
      }
      await page.context().close();
    },
    90_000,
  );
});
