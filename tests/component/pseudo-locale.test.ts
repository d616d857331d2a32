import { VERBS } from '../../bot/cards/check-in-card';
import { BREAK_VERBS, DAYS_VERBS } from '../../bot/cards/verbs';
import { createBreak } from '../../bot/domain/breaks/breaks';
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  MEETING_CHAT,
  meetingEnd,
  meetingStart,
  message,
  ORGANISER,
  participant,
  TEAM_ID,
  TENANT_ID,
  type Participant,
} from '../fixtures/activities';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab } from '../fixtures/tab-api';

/*
 * Everyone speaks the pseudo-locale (qps-ploc: English accented and a third longer): Hallway is
 * installed, used and answered in it. Every word of every card and message it sends, and of every
 * card it answers a click with, must have gone through a catalogue: a plain ASCII word left is text
 * that never did. What people typed (names, the team, notes, a break's title) is data, left as it is.
 */
const PSEUDO = 'qps-ploc';
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const NOW = new Date('2026-11-02T09:00:00Z');
const people = Array.from({ length: 6 }, (_, i) => participant(i + 1));
const NOTE = 'Ŝúñšĥíñé ţöðáý';
/** The commands people type: English works in every language, the pseudo-locale has no words of its own. */
const COMMANDS = [
  'coffee pair now',
  'coffee pause 2',
  'coffee pause',
  'coffee resume',
  'coffee leave',
  'coffee join',
  'check-in',
  'forget me',
  'breaks',
  'coffee',
  'days',
  'help',
];
const DATA = [...COMMANDS, 'Platform', 'Weekly team sync', 'Olu Organiser', 'Priya Raman', 'Hallway', ...people.map((p) => p.name), 'Ŵéðñéšðáý', 'Ĺíšƀöñ'];
/** Where people typed words, or where Hallway keeps ids: not read as text. */
const NOT_TEXT = new Set(['id', 'verb', 'value', 'data', 'url', 'iconUrl', 'userIds', 'choices.value', 'type', 'style', 'mention']);
const TEXT_KEYS = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'fallbackText', 'altText', 'speak', 'summary', 'subtitle']);

function inPseudo<T extends Record<string, any>>(activity: T): T {
  const a = activity as Record<string, any>;
  a.locale = PSEUDO;
  a.entities = [...(a.entities ?? []).filter((e: any) => e.type !== 'clientInfo'), { type: 'clientInfo', locale: PSEUDO, country: 'GB' }];
  return activity;
}

/** Every piece of text a person reads in a card or message, with where it is. */
function readable(value: unknown, path = '', out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) readable(item, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) {
      if (NOT_TEXT.has(key)) continue;
      if (typeof field === 'string' && TEXT_KEYS.has(key)) out.push({ path: `${path}.${key}`, text: field });
      else readable(field, `${path}.${key}`, out);
    }
  }
  return out;
}

/** The plain ASCII words left in a text once what people typed and links are taken out. */
function englishLeft(text: string): string[] {
  // Links, and time zones by their IANA names (Europe/Berlin): names, not words of a language.
  let rest = text.replace(/https?:\/\/\S+/g, ' ').replace(/\b[A-Z][A-Za-z_]+(\/[A-Za-z_+-]+)+/g, ' ');
  for (const data of DATA) rest = rest.split(data).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

let hw: Harness;
let clock: ManualClock;
const answers: unknown[] = [];

beforeAll(async () => {
  clock = new ManualClock(NOW);
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' }, overrides: { clock } });
  for (const p of [ORGANISER, ...people]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  const post = async (activity: Record<string, any>) => {
    const res = await hw.post(inPseudo(activity));
    if (res.body) answers.push(res.body);
    return res;
  };
  const say = (text: string, from: Participant = ORGANISER) => post(channelMessage(hw.connector.url, text, from));

  // Installed in a team, and set up by its organiser; commands in the channel and in a 1:1 chat.
  await post(botAddedToTeam(hw.connector.url));
  for (const text of ['coffee', 'help', 'breaks', 'days', 'what is this', 'coffee what']) await say(text);
  await post(message(hw.connector.url, 'help', { conversationType: 'personal', conversationId: 'a:personal-pseudo', from: people[0] }));
  await post(message(hw.connector.url, 'check-in', { conversationType: 'personal', conversationId: 'a:personal-pseudo', from: people[0] }));
  await post(message(hw.connector.url, 'forget me', { conversationType: 'personal', conversationId: 'a:personal-pseudo', from: people[0] }));

  // Virtual coffee: everyone joins, a round is paired, one pauses, one resumes, one leaves.
  for (const p of people) await say('coffee join', p);
  await say('coffee pair now');
  await say('coffee', people[0]);
  await say('coffee pause 2', people[1]);
  await say('coffee resume', people[1]);
  await say('coffee leave', people[2]);

  // A coffee break: its reminder in the channel, an answer and a topic.
  const installation = await hw.app.storage.installations.get(TEAM_ID);
  const made = await createBreak({ breaks: hw.app.storage.breaks, programmes: hw.app.storage.programmes, clock, newId: () => 'break-pseudo' }, {
    programmeId: TEAM_ID,
    person: { userId: ORGANISER.id, aadObjectId: ORGANISER.aadObjectId, name: ORGANISER.name },
    channelReference: installation!.reference,
    fields: { title: 'Ŵéðñéšðáý', weekdays: [3], time: '15:00', timeZone: 'Europe/Berlin', durationMinutes: 30, reminderMinutes: 10 },
  } as never);
  if (made.kind !== 'saved') throw new Error(made.kind);
  clock.set(new Date('2026-11-04T13:50:00Z'));
  await hw.app.scheduler.tick();
  const reminder = hw.connector.sends(TEAM_ID).at(-1)!;
  const occurrence = JSON.stringify(reminder.body).match(/"date":"([^"]+)"/)?.[1] ?? '';
  await post(
    cardAction(hw.connector.url, {
      verb: BREAK_VERBS.rsvp,
      from: people[0],
      conversationId: TEAM_ID,
      data: { breakId: 'break-pseudo', date: occurrence, answer: 'coming' },
    }),
  );
  await post(
    cardAction(hw.connector.url, {
      verb: BREAK_VERBS.topic,
      from: people[0],
      conversationId: TEAM_ID,
      data: { breakId: 'break-pseudo', date: occurrence, topic: '' },
    }),
  );

  // Days together, planned in the tab; an answer on its card.
  clock.set(NOW);
  const planned = await callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, ORGANISER, `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/days`, {
    method: 'POST',
    body: { dates: ['2026-11-17', '2026-11-18'], place: 'Ĺíšƀöñ', link: 'https://maps.example/lisbon', timeZone: 'Europe/Lisbon' },
    headers: { 'accept-language': PSEUDO },
  });
  if (planned.status !== 201) throw new Error(`days plan: ${planned.status}`);
  const planId = ((await planned.json()) as { id: string }).id;
  for (const p of people.slice(0, 3))
    await post(
      cardAction(hw.connector.url, { verb: DAYS_VERBS.answer, from: p, conversationId: TEAM_ID, data: { planId, date: '2026-11-17', answer: 'coming' } }),
    );
  clock.set(new Date('2026-11-10T09:00:00Z'));
  await hw.app.scheduler.tick();

  // A meeting whose chat Hallway was added to by someone speaking the pseudo-locale: the check-in,
  // answered, refused, edited, skipped; the meeting ends.
  const start = meetingStart(hw.connector.url);
  await post({
    ...botAddedToTeam(hw.connector.url),
    conversation: { ...start.conversation, conversationType: 'groupChat' },
    channelData: { tenant: { id: TENANT_ID } },
  });
  await post(start);
  const card = hw.connector.sends(MEETING_CHAT).at(-1)!;
  const sessionId = card.body.attachments[0].content.refresh.action.data.sessionId;
  const act = (verb: string, data: object, from: Participant) =>
    post(cardAction(hw.connector.url, { verb, data: { sessionId, ...data }, from, conversationId: MEETING_CHAT }));
  await act(VERBS.submit, { mood: 'good', visibility: 'shared', note: NOTE }, people[0]!);
  await act(VERBS.submit, { mood: 'low', visibility: 'private' }, people[1]!);
  await act(VERBS.submit, { visibility: 'shared', note: NOTE }, people[2]!);
  await act(VERBS.skip, {}, people[3]!);
  await act(VERBS.edit, {}, people[0]!);
  await act(VERBS.refresh, {}, people[4]!);
  await post(meetingEnd(hw.connector.url));
  await hw.app.flushCardUpdates();
}, 120_000);

afterAll(async () => {
  await hw?.stop();
});

test('Hallway sent cards and messages in every part of the walk-through', () => {
  const inChat = (id: string) => hw.connector.sends(id).map((s) => JSON.stringify(s.body));
  const team = inChat(TEAM_ID);
  // The welcome, command replies, the break reminder (its title), the days card (its place).
  expect(team.length).toBeGreaterThan(10);
  expect(team.some((t) => t.includes('Ŵéðñéšðáý'))).toBe(true);
  expect(team.some((t) => t.includes('Ĺíšƀöñ'))).toBe(true);
  // Each person's coffee match and days plan in their 1:1 chat.
  expect(hw.connector.personalMessages(people[0]!.id).length).toBeGreaterThanOrEqual(2);
  // The check-in card, its updates with the note, and the summary.
  expect(inChat(MEETING_CHAT).length).toBeGreaterThanOrEqual(2);
  expect(hw.connector.updates().some((u) => JSON.stringify(u.body).includes(NOTE))).toBe(true);
  expect(answers.length).toBeGreaterThan(5);
});

test('no card or message Hallway sent, and no card it answered a click with, has a word that skipped the catalogues', () => {
  const left: string[] = [];
  const bodies = [...hw.connector.requests.map((r) => r.body).filter(Boolean), ...answers];
  for (const body of bodies) {
    for (const { path, text } of readable(body)) {
      const words = englishLeft(text);
      if (words.length) left.push(`${path}: ${JSON.stringify(text)}`);
    }
  }
  expect([...new Set(left)]).toEqual([]);
});
