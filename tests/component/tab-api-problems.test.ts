import { botAddedToTeam, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab, type TabCall } from '../fixtures/tab-api';
import { type ApiMessageId, apiText } from '../../bot/i18n/api';
import { negotiateLocale } from '../../bot/i18n/locales';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const ana = participant(1);

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' } });
  for (const p of [ORGANISER, ana]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterEach(async () => {
  await hw.stop();
});

function call(who: Participant, path: string, init: TabCall = {}) {
  return callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1/teams/${encodeURIComponent(TEAM_ID)}${path}`, init);
}

async function refusal(path: string, method: string, body: unknown, language?: string) {
  const res = await call(ORGANISER, path, { method, body, headers: language ? { 'accept-language': language } : {} });
  return { status: res.status, vary: res.headers.get('vary') ?? '', message: ((await res.json()) as any).error.message as string };
}

/** "<field>: <problem>" as the catalogue of `tag`'s language says it. */
function told(tag: string, field: ApiMessageId, problem: ApiMessageId, values?: Record<string, number>) {
  const locale = negotiateLocale(tag);
  return apiText.format(locale, 'api.problem', { field: apiText.format(locale, field), problem: apiText.format(locale, problem, values) });
}

const everyDay = { title: 'Daily coffee', weekdays: [1, 2, 3, 4, 5], time: '15:00', timeZone: 'UTC', durationMinutes: 20 };
const badBreak = { ...everyDay, title: '', time: '25:00', joinUrl: 'http://example.com/meet' };
const settings = { enabled: true, cadence: 'weekly', weekday: 3, hour: 10, timeZone: 'UTC', groupSize: 2, meetingMinutes: 20, includeGuests: false };

describe("the tab's form problems are said in the organiser's language, each with its field", () => {
  test.each(['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'])('a break with no title, at 25:00, with an http link, in %s', async (tag) => {
    const refused = await refusal('/breaks', 'POST', badBreak, tag);
    expect(refused.status).toBe(400);
    expect(refused.vary).toContain('accept-language');
    expect(refused.message).toBe(
      [
        told(tag, 'api.field.title', 'api.problem.title.empty'),
        told(tag, 'api.field.time', 'api.problem.time.format'),
        told(tag, 'api.field.joinUrl', 'api.problem.joinUrl.notHttps'),
      ].join('; '),
    );
    if (tag !== 'en-US') expect(refused.message).not.toContain('Give the break a title');
    expect(await hw.app.storage.breaks.list(TEAM_ID)).toEqual([]);
  });

  test('in German, the break form reads as German, field names too, and no English is left', async () => {
    const { message } = await refusal('/breaks', 'POST', badBreak, 'de-DE');
    expect(message).toContain('Titel: Gib der Pause einen Titel');
    expect(message).toContain('Uhrzeit: Gib die Uhrzeit im 24-Stunden-Format an, z. B. 15:00');
    expect(message).toContain('Link zum Beitreten: Der Link muss mit https:// beginnen');
    expect(message).not.toMatch(/title|Use a 24-hour time|join link/i);
  });

  test('in Japanese, the break form reads as Japanese', async () => {
    const { message } = await refusal('/breaks', 'POST', badBreak, 'ja-JP');
    expect(message).toContain('タイトル：休憩のタイトルを入力してください');
    expect(message).toContain('時刻：時刻は 15:00 のように24時間表記で入力してください');
    expect(message).not.toMatch(/title|Use a 24-hour time|join link/i);
  });

  test('without a language, the break form is refused in English', async () => {
    const { message } = await refusal('/breaks', 'POST', badBreak);
    expect(message).toBe(
      'Title: Give the break a title; Time: Use a 24-hour time like 15:00; ' +
        'Join link: The join link must be an https:// link (paste the Teams meeting link)',
    );
  });

  test('changing a break is refused in the same words as setting one up', async () => {
    const created: any = await (await call(ORGANISER, '/breaks', { method: 'POST', body: everyDay })).json();
    const { status, message } = await refusal(`/breaks/${created.id}`, 'PUT', { ...everyDay, durationMinutes: 300 }, 'fr-FR');
    expect(status).toBe(400);
    expect(message).toBe('Minutes : Au plus 4 heures');
    const long = await refusal(`/breaks/${created.id}`, 'PUT', { ...everyDay, title: 'x'.repeat(81) }, 'es-ES');
    expect(long.message).toBe('Título: El título puede tener como mucho 80 caracteres');
  });

  test.each(['de-DE', 'ja-JP'])('coffee settings with an unknown time zone and a made-up cadence, in %s', async (tag) => {
    const refused = await refusal('/coffee/settings', 'PUT', { ...settings, cadence: 'daily', timeZone: 'Mars/Olympus' }, tag);
    expect(refused.status).toBe(400);
    expect(refused.message).toBe(
      [told(tag, 'api.field.cadence', 'api.problem.invalid'), told(tag, 'api.field.timeZone', 'api.problem.timeZone.unknown')].join('; '),
    );
    expect(refused.message).not.toMatch(/How often|time zone like|not valid/);
    expect((await hw.app.storage.programmes.get(TEAM_ID))?.settings.cadence).toBe('weekly');
  });

  test('coffee settings in German name the field as the tab does', async () => {
    const { message } = await refusal('/coffee/settings', 'PUT', { ...settings, cadence: 'daily', timeZone: 'Mars/Olympus' }, 'de-DE');
    expect(message).toBe('Wie oft: Dieser Wert ist ungültig; Zeitzone: Gib eine Zeitzone wie Europe/Berlin an');
  });

  test('without a language, coffee settings are refused in English', async () => {
    const { message } = await refusal('/coffee/settings', 'PUT', { ...settings, cadence: 'daily', timeZone: 'Mars/Olympus' });
    expect(message).toBe('How often: This value is not valid; Time zone: Use a time zone like Europe/Berlin');
  });

  test("joining with working hours that end before they start, or an unknown time zone, is told in the member's language", async () => {
    const hours = await call(ana, '/coffee/join', { method: 'POST', body: { workStartHour: 18, workEndHour: 9 }, headers: { 'accept-language': 'fr-FR' } });
    expect(hours.status).toBe(400);
    expect(((await hours.json()) as any).error.message).toBe('Horaires de travail : La fin doit venir après le début');
    const zone = await call(ana, '/coffee/join', { method: 'POST', body: { timeZone: 'Nowhere/Special' }, headers: { 'accept-language': 'ja-JP' } });
    expect(((await zone.json()) as any).error.message).toBe('タイムゾーン：Asia/Tokyo のようなタイムゾーンを指定してください');
    expect((await hw.app.storage.programmes.getMember(TEAM_ID, ana.id))?.status).not.toBe('active');
  });

  test("pausing with the date field left empty asks for a day, in the member's language", async () => {
    await call(ana, '/coffee/join', { method: 'POST', body: {} });
    const empty = await call(ana, '/coffee/pause', { method: 'POST', body: { until: '' }, headers: { 'accept-language': 'es-ES' } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as any).error.message).toBe('Elige un día dentro del próximo año.');
  });

  test("a body that is no form at all is told once, as the form, in the caller's language", async () => {
    const { status, message } = await refusal('/breaks', 'POST', 'coffee at three', 'es-ES');
    expect(status).toBe(400);
    expect(message).toBe('Revisa los campos del formulario e inténtalo de nuevo.');
  });
});
