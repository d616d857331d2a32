import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { describeInBrowser, launchChromium } from '../fixtures/browser';
import { builtTab, startLocalHallway, type LocalHallway } from '../fixtures/local-hallway';

/** Chromium waits: generous ceilings on a loaded 2-core machine, not speed goals. */
const SHOWN = { timeout: 15_000 };

describeInBrowser('the tab in Teams (the /dev host page, headless Chromium)', () => {
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

  async function open(user: string, place: string, frame: 'config' | 'content', theme = 'default'): Promise<{ page: Page; tab: FrameLocator }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`page error (${user}): ${error.message}\n`));
    await page.goto(`${hallway.url}/dev?user=${user}&place=${encodeURIComponent(place)}&frame=${frame}&theme=${theme}`);
    return { page, tab: page.frameLocator('[data-testid=tab-frame]') };
  }

  const button = (tab: FrameLocator | Locator, name: string | RegExp) => tab.locator('fluent-button', { hasText: name }).first();

  test('a member configures the tab, joins coffee, says she is in for the next break and adds a topic; a teammate sees it and another team does not', async () => {
    // Ada (Design's organiser) adds the tab: configuration page, preview, Save.
    const ada = await open('ada', 'design', 'config');
    await ada.tab.locator('[data-testid=card-preview] .ac-adaptiveCard').waitFor(SHOWN);
    await ada.page.locator('fluent-button', { hasText: 'Save' }).click();
    await ada.tab.locator('[data-testid=coffee-status]').waitFor(SHOWN);
    expect(await ada.page.locator('[data-testid=tab-frame]').getAttribute('src')).toBe('/tab/content?view=coffee');

    // Joins coffee pairing.
    await button(ada.tab, 'Join coffee pairing').click();
    await shows(ada.tab.locator('[data-testid=coffee-status]'), /You're in/);

    // Sets up a break (organiser), says I'm in to its next date, adds a topic.
    await ada.tab.locator('summary', { hasText: 'Set up a new break' }).click();
    await button(ada.tab, 'Set up break').click();
    const occurrence = ada.tab.locator('[data-testid=occurrence]').first();
    await occurrence.waitFor(SHOWN);
    await button(occurrence, "I'm in").click();
    await shows(occurrence.locator('[data-testid=coming]'), /Coming: Ada Lovelace/);
    await occurrence.locator('input[name=topic]').fill('Snacks for the **retro**?');
    await button(occurrence, 'Add topic').click();
    await shows(occurrence.locator('[data-testid=topics]'), 'Snacks for the **retro**?');
    await ada.page.context().close();

    // Ben, a member of Design: Ada's answer and topic are there.
    const ben = await open('ben', 'design', 'content');
    const bensView = ben.tab.locator('[data-testid=occurrence]').first();
    await shows(bensView.locator('[data-testid=coming]'), /Coming: Ada Lovelace/);
    await shows(bensView.locator('[data-testid=topics]'), 'Snacks for the **retro**?');
    await ben.page.context().close();

    // Farah, of the Platform team: her own team shows none of it, and Design's tab refuses her.
    const farah = await open('farah', 'platform', 'content');
    await shows(farah.tab.locator('[data-testid=breaks]'), 'No breaks yet');
    expect(await farah.tab.locator('body').textContent()).not.toContain('Snacks');
    await farah.page.goto(`${hallway.url}/dev?user=farah&place=design&frame=content`);
    await shows(farah.tab.locator('[data-testid=breaks]'), 'Only members of this team');
    expect(await farah.tab.locator('body').textContent()).not.toContain('Snacks');
    expect(await farah.tab.locator('body').textContent()).not.toContain('Ada Lovelace');
    await farah.page.context().close();

    // Hana, of another organisation: Design does not exist for her.
    const hana = await open('hana', 'design', 'content');
    await shows(hana.tab.locator('[data-testid=coffee]'), 'Hallway is not in this team');
    expect(await hana.tab.locator('body').textContent()).not.toContain('Snacks');
    await hana.page.context().close();
  }, 120_000);

  test("in a group chat, the tab runs the chat's own coffee, for the chat's members only", async () => {
    const gus = await open('gus', 'lunch', 'config');
    await shows(gus.tab.locator('.choices'), 'Virtual coffee for this chat');
    await gus.page.locator('fluent-button', { hasText: 'Save' }).click();
    await button(gus.tab, 'Join coffee pairing').click();
    await shows(gus.tab.locator('[data-testid=coffee-status]'), /You're in/);
    await gus.page.context().close();

    const farah = await open('farah', 'lunch', 'content');
    await shows(farah.tab.locator('[data-testid=coffee]'), 'Only members of this team or chat');
    await farah.page.context().close();
  }, 60_000);

  test('switching Teams to the dark theme redraws the tab dark without reloading it', async () => {
    const { page, tab } = await open('ben', 'design', 'content');
    await tab.locator('[data-testid=coffee-status]').waitFor(SHOWN);
    const frame = page.frames().find((f) => f.url().includes('/tab/content'))!;
    await frame.evaluate('window.loadedOnce = 1');
    const background = () => frame.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const light = await background();

    await page.locator('select').nth(2).selectOption('dark');
    await until(() => frame.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
    const dark = await background();
    expect(dark).not.toBe(light);
    expect(luminance(dark)).toBeLessThan(0.2);
    expect(luminance(light)).toBeGreaterThan(0.8);
    expect(await frame.evaluate('window.loadedOnce')).toBe(1);

    await page.locator('select').nth(2).selectOption('contrast');
    await until(() => frame.evaluate<string>('document.documentElement.dataset.theme'), 'contrast');
    await page.context().close();
  }, 60_000);

  test("the configuration page previews the check-in card with the official renderer, and follows the organiser's choices", async () => {
    const { page, tab } = await open('ada', 'weekly', 'config');
    const preview = tab.locator('[data-testid=card-preview]');
    await preview.locator('.ac-adaptiveCard').waitFor(SHOWN);
    await shows(preview, 'Check in');
    await shows(preview, 'Skip today');
    await tab.locator('select[name=questionBank]').selectOption('custom');
    await tab.locator('textarea[name=customQuestions]').fill('What made you smile this week?');
    await tab.locator('textarea[name=customQuestions]').blur();
    await shows(preview, 'What made you smile this week?');
    await page.context().close();
  }, 60_000);

  test('Download my data saves what Hallway keeps about me, and Forget me (once confirmed) deletes it', async () => {
    const { page, tab } = await open('chen', 'design', 'content');
    await button(tab, 'Join coffee pairing').click();
    await shows(tab.locator('[data-testid=coffee-status]'), /You're in/);

    const downloading = page.waitForEvent('download');
    await button(tab, 'Download my data').click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('hallway-my-data.json');
    const data = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(data.coffee).toEqual([expect.objectContaining({ programmeId: '19:dev-design@thread.tacv2', status: 'active' })]);

    await button(tab, 'Forget me').click();
    await shows(tab.locator('[role=alertdialog]'), 'cannot be undone');
    await button(tab, 'Yes, forget me').click();
    await shows(tab.locator('[data-testid=privacy]'), 'Hallway has deleted everything it stored about you');

    await page.reload();
    await shows(page.frameLocator('[data-testid=tab-frame]').locator('[data-testid=coffee-status]'), 'You are not in coffee pairing here yet');
    await page.context().close();
  }, 60_000);

  test('after a round, a member sees who they meet and opens the chat with them from the tab', async () => {
    // Eli and Ben join from the tab; Ada (the organiser) runs a round from the channel.
    for (const user of ['eli', 'ben']) {
      const { page, tab } = await open(user, 'design', 'content');
      const status = tab.locator('[data-testid=coffee-status]');
      await status.waitFor(SHOWN);
      if (!/You're in/.test((await status.textContent()) ?? '')) await button(tab, 'Join coffee pairing').click();
      await shows(status, /You're in/);
      await page.context().close();
    }
    const pairNow = await fetch(`${hallway.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'm:e2e-pair-now',
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: `${hallway.url}/dev/connector/`,
        from: { id: '29:dev-ada', aadObjectId: '00000000-0000-4000-a000-000000000001', name: 'Ada Lovelace' },
        recipient: { id: '28:hallway-dev', name: 'Hallway' },
        conversation: {
          isGroup: true,
          conversationType: 'channel',
          tenantId: '00000000-0000-4000-8000-00000000d001',
          id: '19:dev-design@thread.tacv2',
        },
        channelData: {
          team: { id: '19:dev-design@thread.tacv2', name: 'Design' },
          tenant: { id: '00000000-0000-4000-8000-00000000d001' },
          channel: { id: '19:dev-design@thread.tacv2' },
        },
        entities: [{ type: 'mention', mentioned: { id: '28:hallway-dev', name: 'Hallway' }, text: '<at>Hallway</at>' }],
        text: '<at>Hallway</at> coffee pair now',
      }),
    });
    expect(pairNow.status).toBe(200);

    const { page, tab } = await open('eli', 'design', 'content');
    const match = tab.locator('[data-testid=coffee-match]');
    await shows(match, /Round \d+: you're meeting/);
    const partner = ((await match.locator('h3').textContent()) ?? '').replace(/^.*you're meeting /, '');
    expect(partner).not.toContain('Eli');
    await button(match, 'Open chat with').click();
    await page.locator('summary', { hasText: 'Host log' }).click();
    await shows(page.locator('.host-log'), /Teams would open https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=/);
    await page.context().close();
  }, 90_000);

  test('every field has a label, and the tab works from the keyboard', async () => {
    const { page, tab } = await open('dara', 'design', 'content');
    await tab.locator('[data-testid=coffee-status]').waitFor(SHOWN);
    const join = button(tab, 'Join coffee pairing');
    await join.focus();
    await page.keyboard.press('Enter');
    await shows(tab.locator('[data-testid=coffee-status]'), /You're in/);

    await tab.locator('summary', { hasText: 'My settings' }).focus();
    await page.keyboard.press('Enter');
    const unlabelled = await tab
      .locator('input, select, textarea')
      .evaluateAll((controls) =>
        controls
          .filter((c) => !(c.getAttribute('aria-label') || (c.id && c.ownerDocument.querySelector(`label[for="${c.id}"]`)) || c.closest('label')))
          .map((c) => c.outerHTML),
      );
    expect(unlabelled).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('an organiser saves the coffee settings from the keyboard: focus stays on Save, the panel stays open, the saved value shows', async () => {
    const { page, tab } = await open('ada', 'design', 'content');
    await tab.locator('[data-testid=coffee-status]').waitFor(SHOWN);

    await tab.locator('summary', { hasText: 'Coffee settings (organisers)' }).focus();
    await page.keyboard.press('Enter');
    const panel = tab.locator('details', { has: tab.locator('summary', { hasText: 'Coffee settings (organisers)' }) });
    const timeZone = panel.locator('input[name=timeZone]');
    await timeZone.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Europe/Lisbon');

    const save = button(panel, 'Save coffee settings');
    await save.focus();
    await save.evaluate((element) => Object.assign(element, { pressedByTest: true }));
    await page.keyboard.press('Enter');
    await shows(tab.locator('[data-testid=coffee] .view-status'), 'Coffee settings saved.');

    // The very button pressed still has focus: the view changed in place, it was not drawn anew.
    expect(await tab.locator(':focus').evaluate((element) => 'pressedByTest' in element)).toBe(true);
    expect(await tab.locator(':focus').textContent()).toBe('Save coffee settings');
    expect(await panel.getAttribute('open')).not.toBeNull();
    expect(await timeZone.inputValue()).toBe('Europe/Lisbon');

    // What shows is what was saved.
    await page.reload();
    const reloaded = page.frameLocator('[data-testid=tab-frame]');
    await reloaded.locator('summary', { hasText: 'Coffee settings (organisers)' }).click();
    const reloadedPanel = reloaded.locator('details', { has: reloaded.locator('summary', { hasText: 'Coffee settings (organisers)' }) });
    expect(await reloadedPanel.locator('input[name=timeZone]').inputValue()).toBe('Europe/Lisbon');
    await page.context().close();
  }, 60_000);

  test('a topic added with Enter clears its field and keeps the focus there, ready for the next one', async () => {
    const { page, tab } = await open('ada', 'design', 'content');
    await tab.locator('summary', { hasText: 'Set up a new break' }).click();
    await tab.locator('input[name=title]').last().fill('Friday tea');
    await button(tab, 'Set up break').click();
    const occurrence = tab.locator('[data-testid=break]', { hasText: 'Friday tea' }).locator('[data-testid=occurrence]');
    await occurrence.waitFor(SHOWN);
    const topic = occurrence.locator('input[name=topic]');
    await topic.focus();
    await page.keyboard.type('Board games at lunch?');
    await page.keyboard.press('Enter');
    await shows(occurrence.locator('[data-testid=topics]'), 'Board games at lunch?');

    expect(await topic.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    expect(await topic.inputValue()).toBe('');
    await page.context().close();
  }, 60_000);

  test('in a meeting, the organiser starts a check-in from the tab and sees answers arrive live', async () => {
    const { page, tab } = await open('ada', 'weekly', 'content');
    await button(tab, 'Start check-in').click();
    await shows(tab.locator('[data-testid=meeting]'), /Check-in posted|already open/);
    await shows(tab.locator('[data-testid=live]'), '0 checked in');
    const settingsPanel = tab.locator('details', { has: tab.locator('summary', { hasText: 'Check-in settings (organiser)' }) });
    await settingsPanel.locator('summary').click();

    // Ben answers on the card in the meeting chat, as Teams would send it.
    const messages = (await (await fetch(`${hallway.url}/dev/messages`)).json()) as {
      conversationId: string;
      id: string;
      cards: unknown[];
      updated: boolean;
    }[];
    const card = messages.filter((m) => m.conversationId === '19:meeting_dev-weekly@thread.v2' && !m.updated).at(-1)!;
    const sessionId = JSON.stringify(card.cards[0]).match(/"sessionId":"([^"]+)"/)![1];
    const answered = await fetch(`${hallway.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: 'f:e2e-answer',
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: `${hallway.url}/dev/connector/`,
        from: { id: '29:dev-ben', aadObjectId: '00000000-0000-4000-a000-000000000002', name: 'Ben Okafor' },
        recipient: { id: '28:hallway-dev', name: 'Hallway' },
        conversation: {
          isGroup: true,
          conversationType: 'groupChat',
          tenantId: '00000000-0000-4000-8000-00000000d001',
          id: '19:meeting_dev-weekly@thread.v2',
        },
        replyToId: card.id,
        channelData: {
          tenant: { id: '00000000-0000-4000-8000-00000000d001' },
          source: { name: 'message' },
          meeting: { id: 'MCMxOTpkZXYtd2Vla2x5QHRocmVhZC52MiMw' },
        },
        value: {
          action: {
            type: 'Action.Execute',
            id: 'submit',
            verb: 'check-in.submit',
            data: { sessionId, mood: 'good', note: 'Back from a long weekend', visibility: 'shared' },
          },
          trigger: 'manual',
        },
      }),
    });
    expect(answered.status).toBe(200);

    // The tab catches up by itself, within a few seconds.
    await shows(tab.locator('[data-testid=live]'), '1 checked in');
    await shows(tab.locator('[data-testid=live]'), 'Ben Okafor');
    await shows(tab.locator('[data-testid=live]'), 'Back from a long weekend');
    // The live refresh changed the view around the organiser's open panel, not over it.
    expect(await settingsPanel.getAttribute('open')).not.toBeNull();
    await page.context().close();
  }, 60_000);
});

test("the tab's scripts hold nothing of the server: it imports only the server's types", async () => {
  const dir = await builtTab();
  const scripts = readdirSync(dir).filter((file) => file.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  const text = scripts.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
  // Route patterns, error codes and module names that exist only in bot/.
  for (const serverOnly of ['/api/v1/teams/:teamId', 'NotAnOrganiser', 'NotTheOrganiser', 'restify', 'better-sqlite3']) expect(text).not.toContain(serverOnly);
}, 60_000);

/** Waits until the element shows the text (Playwright's auto-waiting, with jest's assertions). */
async function shows(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor(SHOWN);
}

async function until<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + SHOWN.timeout;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  expect(value).toBe(expected);
}

/** Relative luminance (0 black, 1 white) of a CSS rgb() colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => Number(v) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
