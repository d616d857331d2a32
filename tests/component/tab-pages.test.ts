import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { meetingStart, MEETING_CHAT, ORGANISER, TENANT_ID } from '../fixtures/activities';
import { sdkProblems } from '../fixtures/cards';
import { startHallway, type Harness } from '../fixtures/hallway';
import { builtTab, startLocalHallway } from '../fixtures/local-hallway';
import { callTab, type TabCall } from '../fixtures/tab-api';
import apiDe from '../../bot/i18n/catalogues/api/de.json';
import apiFr from '../../bot/i18n/catalogues/api/fr.json';
import apiJa from '../../bot/i18n/catalogues/api/ja.json';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const SETTINGS = { enabled: true, questionBank: 'light', customQuestions: [], summaryAtEnd: true, defaultVisibility: 'shared' };

describe('the tab pages, served by a server with Teams credentials', () => {
  let hw: Harness;
  let assets: Record<string, { js: string; css?: string; preload: string[] }>;
  beforeAll(async () => {
    const dir = await builtTab();
    assets = JSON.parse(readFileSync(join(dir, 'assets.json'), 'utf8'));
    hw = await startHallway({ env: { TAB_DIR: dir, SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' } });
  });
  afterAll(async () => {
    await hw.stop();
  });
  /** The configuration page's preview, asked for by the meeting's organiser. */
  const askPreview = (init: TabCall) =>
    callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, ORGANISER, '/api/v1/check-in/preview', { method: 'POST', ...init });

  test('the content page loads its hashed script, is revalidated every time, and only Teams may frame it', async () => {
    const res = await fetch(`${hw.url}/tab/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/frame-ancestors https:\/\/teams\.microsoft\.com .*https:\/\/\*\.cloud\.microsoft/);
    expect(csp).not.toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(await res.text()).toContain(`<script type="module" src="/tab/assets/${assets.content!.js}">`);
  });

  test("a page's html (its lang, title and loading line) is in the browser's language until Teams' own is known, and English for a language Hallway does not speak", async () => {
    const german = await fetch(`${hw.url}/tab/content`, { headers: { 'accept-language': 'de-CH, de;q=0.9, en;q=0.5' } });
    const html = await german.text();
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain(`<p class="loading">${apiDe['api.page.loading']}</p>`);
    expect(german.headers.get('vary')).toContain('accept-language');
    const portuguese = await fetch(`${hw.url}/tab/config`, { headers: { 'accept-language': 'pt-BR' } });
    const english = await portuguese.text();
    expect(english).toContain('<html lang="en" dir="ltr">');
    expect(english).toContain('<title>Hallway: set up this tab</title>');
  });

  test('a refusal the tab shows is in the language the tab asks in, and English for one Hallway does not speak', async () => {
    const ask = (language: string) =>
      callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, ORGANISER, '/api/v1/teams/19:nowhere@thread.tacv2/coffee', {
        method: 'GET',
        headers: { 'accept-language': language },
      });
    const messageOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
    const german = await ask('de-DE');
    expect(german.status).toBe(404);
    expect(await messageOf(german)).toBe(apiDe['api.notInTeam']);
    expect(await messageOf(await ask('ja-JP'))).toBe(apiJa['api.notInTeam']);
    expect(await messageOf(await ask('pt-BR'))).toBe('Hallway is not in this team or chat yet: add it from the Apps of Teams, then open this tab again.');
    const unsigned = await fetch(`${hw.url}/api/v1/teams/19:nowhere@thread.tacv2/coffee`, { headers: { 'accept-language': 'fr-FR' } });
    expect(unsigned.status).toBe(401);
    expect(await messageOf(unsigned)).toBe(apiFr['api.signInAgain']);
  });

  test('bundles are cached for a year and sent gzipped to browsers that accept it', async () => {
    const plain = await fetch(`${hw.url}/tab/assets/${assets.content!.js}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = Buffer.from(await plain.arrayBuffer());

    const { request } = await import('node:http');
    const gzipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request(`${hw.url}/tab/assets/${assets.content!.js}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(gzipped.encoding).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(source)).toBe(true);
  });

  test.each(['nope.js', '..%2F..%2Fpackage.json', 'assets.json'])('asking for %s under /tab/assets is a 404', async (name) => {
    const res = await fetch(`${hw.url}/tab/assets/${name}`);
    expect(res.status).toBe(404);
  });

  test('a browser on a Teams host may call the API; any other origin gets no CORS permission', async () => {
    const teams = await fetch(`${hw.url}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://teams.microsoft.com', 'access-control-request-method': 'GET' },
    });
    expect(teams.status).toBe(204);
    expect(teams.headers.get('access-control-allow-origin')).toBe('https://teams.microsoft.com');
    expect(teams.headers.get('access-control-allow-headers')).toContain('authorization');

    const evil = await fetch(`${hw.url}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://teams.microsoft.com.evil.example', 'access-control-request-method': 'GET' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${hw.url}/api/v1/me`, { headers: { origin: 'http://teams.microsoft.com' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  test.each(['/dev', '/dev/directory', '/dev/messages'])('%s does not exist when MicrosoftAppId is set', async (path) => {
    expect((await fetch(`${hw.url}${path}`)).status).toBe(404);
  });

  test('tokens cannot be had from /dev when MicrosoftAppId is set', async () => {
    const res = await fetch(`${hw.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"aadObjectId":"00000000-0000-4000-a000-000000000001"}',
    });
    expect(res.status).toBe(404);
    const connector = await fetch(`${hw.url}/dev/connector/v3/conversations/x/pagedmembers`);
    expect(connector.status).toBe(404);
  });

  test("the configuration page's preview is the card the bot posts when a meeting starts, but for the question", async () => {
    const res = await askPreview({ body: SETTINGS });
    expect(res.status).toBe(200);
    const { card: preview } = (await res.json()) as { card: any };
    expect(sdkProblems(preview)).toEqual([]);

    const start = meetingStart(hw.connector.url);
    start.value.Title = ''; // the preview has no meeting to name
    await hw.post(start);
    await hw.connector.waitFor(() => hw.connector.sends(MEETING_CHAT).length === 1);
    const posted = hw.connector.sends(MEETING_CHAT)[0]!.body.attachments[0].content;
    expect(normalised(preview)).toEqual(normalised(posted));
  });

  test('a preview with an unknown question style is a 400 naming the field; without a token a 401', async () => {
    const bad = await askPreview({ body: { ...SETTINGS, questionBank: 'spicy' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^questionBank: /);
    const anonymous = await fetch(`${hw.url}/api/v1/check-in/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SETTINGS),
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('the tab pages when the tab was not built', () => {
  test('/tab answers 503 with what to do, and the bot still works', async () => {
    const hw = await startHallway({ env: { TAB_DIR: '/nonexistent/hallway-tab', JOBS_INTERVAL_MS: '0' } });
    try {
      const res = await fetch(`${hw.url}/tab/content`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
    } finally {
      await hw.stop();
    }
  });
});

describe('the local host page (local mode)', () => {
  test('/dev is there, may frame the tab, and its tokens open the API for the made-up people only', async () => {
    const local = await startLocalHallway();
    try {
      const page = await fetch(`${local.url}/dev`);
      expect(page.status).toBe(200);
      expect((await fetch(`${local.url}/tab/content`)).headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      const directory = (await (await fetch(`${local.url}/dev/directory`)).json()) as { people: { aadObjectId: string }[] };
      const token = async (aadObjectId: string) =>
        fetch(`${local.url}/dev/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ aadObjectId }),
        });
      const issued = (await (await token(directory.people[0]!.aadObjectId)).json()) as { token: string };
      const me = await fetch(`${local.url}/api/v1/me`, { headers: { authorization: `Bearer ${issued.token}` } });
      expect(me.status).toBe(200);
      expect((await token('11111111-1111-4111-8111-111111111111')).status).toBe(400);
      expect((await token('not an id')).status).toBe(400);
    } finally {
      await local.stop();
    }
  });
});

/** The card with what differs between two check-ins (its id and question) replaced by placeholders. */
function normalised(card: unknown): unknown {
  const question = (card as { body: { columns?: unknown }[] }) && JSON.stringify(card).match(/"text":"([^"]+\?)"/)?.[1];
  let text = JSON.stringify(card).replace(/"sessionId":"[^"]+"/g, '"sessionId":"<id>"');
  if (question) text = text.split(JSON.stringify(question).slice(1, -1)).join('<question>');
  return JSON.parse(text);
}
