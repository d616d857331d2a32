/**
 * Issue 12, must-show 2: three places (a home team and meeting, a victim team and meeting of the
 * same tenant, and a team and meeting of a foreign tenant), each with its own people, coffee round,
 * break, topic and check-in. From each place, its people send the ids of every other place to
 * every route of the running server and press every card verb with them: nothing of the other
 * place is read (no name, note, question, title or topic text in the answer), nothing of it is
 * changed (its stored rows are the same), and nothing is posted or updated in its conversations.
 *
 * The routes are read from the running server's router and the verbs from ALL_VERBS: a route or
 * verb without a row in the tables below fails the first test, so a new one cannot ship unchecked.
 */
import { VERBS as CHECK_IN_VERBS } from '../../bot/cards/check-in-card';
import { ALL_VERBS, BREAK_VERBS, COFFEE_VERBS, DAYS_VERBS, PRIVACY_VERBS } from '../../bot/cards/verbs';
import { botAddedToTeam, cardAction, channelMessage, meetingStart, participant, type Participant } from '../fixtures/activities';
import { ManualClock } from '../fixtures/clock';
import { FakeConnector } from '../fixtures/fake-connector';
import { startHallway, type Harness } from '../fixtures/hallway';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const TENANT = '9b1c2d3e-0000-4000-8000-00000000a11a';
const FOREIGN_TENANT = 'f00dcafe-0000-4000-8000-000000000000';
/** Monday 19 October 2026; every place has a daily break at 15:00 UTC, reminded at 14:50. */
const DATE = '2026-10-19';

type Key = 'Home' | 'Victim' | 'Foreign';

/** One place: a team and a meeting of one tenant, their people, and what they hold. */
type Place = {
  key: Key;
  tenant: string;
  team: { id: string; name: string };
  meeting: { id: string; chat: string };
  /** The team's Teams (its roster and 1:1 chats): each team its own, so rosters differ. */
  connector: FakeConnector;
  organiser: Participant;
  member: Participant;
  /** Text only this place's people may see. */
  secrets: string[];
  breakId: string;
  topicId: string;
  /** Days together of the team, and the member's private request to the organiser. */
  planId: string;
  talkId: string;
  roundId: string;
  sessionId: string;
  /** The member's 1:1 chat with Hallway, where coffee cards arrive. */
  memberChat: string;
  /** Messages Hallway posted in this place's conversations, with the connector that took each. */
  messages: { connector: FakeConnector; id: string }[];
};

/** Teams' meeting ids are observed to be base64 of `0#<chat id>#0`. */
const meetingIdOf = (chat: string) => Buffer.from(`0#${chat}#0`).toString('base64');

function place(key: Key, tenant: string, n: number, teamThread: string, meetingThread: string): Place {
  const chat = `19:meeting_${meetingThread}@thread.v2`;
  const person = (i: number, name: string): Participant => ({ ...participant(n + i), name: `${name} of ${key}` });
  return {
    key,
    tenant,
    team: { id: `19:${teamThread}@thread.tacv2`, name: `${key} team` },
    meeting: { id: meetingIdOf(chat), chat },
    connector: new FakeConnector(),
    organiser: person(1, 'Olu'),
    member: person(2, 'Mia'),
    secrets: [
      `${key} team`,
      `Olu of ${key}`,
      `Mia of ${key}`,
      `${key} coffee`,
      `${key} topic: a new espresso machine`,
      `${key} note: stretched thin`,
      `${key} question: what made you smile?`,
      `${key} days: the lighthouse hotel`,
    ],
    breakId: '',
    topicId: '',
    planId: '',
    talkId: '',
    roundId: '',
    sessionId: '',
    memberChat: `a:personal-${key.toLowerCase()}-member`,
    messages: [],
  };
}

const home = place('Home', TENANT, 10, 'h0me0000000000000000000000000001', 'SG9tZW1lZXRpbmc');
const victim = place('Victim', TENANT, 20, 'v1c7100000000000000000000000002', 'VmljdGltbWVldGluZw');
const foreign = place('Foreign', FOREIGN_TENANT, 30, 'f0re1900000000000000000000000003', 'Rm9yZWlnbm1lZXRpbmc');
const PLACES = [home, victim, foreign];
/** Every caller place with every other place as the target. */
const PAIRS = PLACES.flatMap((p) => PLACES.filter((q) => q !== p).map((q) => [p, q] as const));

let hw: Harness;
const clock = new ManualClock(new Date(`${DATE}T14:40:00Z`));

// ---- Activities as Teams sends them, in a place ----

function tenanted<T extends Record<string, any>>(activity: T, tenant: string): T {
  activity.conversation.tenantId = tenant;
  return activity;
}

function inChannel(p: Place, text: string, from: Participant) {
  const a = channelMessage(p.connector.url, text, from);
  a.conversation = { isGroup: true, conversationType: 'channel', tenantId: p.tenant, id: p.team.id };
  a.channelData = { team: { id: p.team.id, name: p.team.name }, tenant: { id: p.tenant }, channel: { id: p.team.id } };
  return a;
}

/** A card button pressed: in a team's channel, a meeting's chat, or a 1:1 chat, as seen from `tenant`. */
function pressed(
  where: { channel: Place } | { chat: Place } | { personal: string; serviceUrl: string },
  tenant: string,
  from: Participant,
  verb: string,
  data: object,
) {
  const serviceUrl = 'channel' in where ? where.channel.connector.url : 'chat' in where ? hw.connector.url : where.serviceUrl;
  const a = tenanted(cardAction(serviceUrl, { verb, data: data as Record<string, unknown>, from }), tenant);
  if ('channel' in where) {
    a.conversation = { ...a.conversation, conversationType: 'channel', id: where.channel.team.id };
    a.channelData = {
      tenant: { id: tenant },
      team: { id: where.channel.team.id },
      channel: { id: where.channel.team.id },
      source: { name: 'message' },
    };
  } else if ('chat' in where) {
    a.conversation = { ...a.conversation, conversationType: 'groupChat', id: where.chat.meeting.chat };
    a.channelData = { tenant: { id: tenant }, meeting: { id: where.chat.meeting.id }, source: { name: 'message' } };
  } else {
    a.conversation = { conversationType: 'personal', tenantId: tenant, id: where.personal };
    a.channelData = { tenant: { id: tenant }, source: { name: 'message' } };
  }
  return a;
}

/** A call from the tab, signed in as `who` of `tenant`; no token at all when `who` is undefined. */
async function tab(method: string, path: string, who?: { person: Participant; tenant: string }, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) {
    headers.authorization = `Bearer ${hw.issuer.token({ aud: CLIENT_ID, iss: `https://login.microsoftonline.com/${who.tenant}/v2.0`, tid: who.tenant, oid: who.person.aadObjectId, name: who.person.name })}`;
  }
  const res = await fetch(`${hw.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

const as = (p: Place, person: Participant = p.organiser) => ({ person, tenant: p.tenant });
const teamPath = (teamId: string) => `/api/v1/teams/${encodeURIComponent(teamId)}`;
const meetingPath = (meetingId: string, chat: string, rest = '') => `/api/v1/meetings/${encodeURIComponent(meetingId)}${rest}?chat=${encodeURIComponent(chat)}`;

// ---- What each place holds, as its own people would see and change it ----

/** Everything stored of a place, as text: equal before and after an attempt when nothing changed. */
async function stored(p: Place): Promise<string> {
  const s = hw.app.storage;
  const round = await s.rounds.get(p.roundId);
  return JSON.stringify({
    team: await s.installations.get(p.team.id),
    chat: await s.installations.get(p.meeting.chat),
    programme: await s.programmes.get(p.team.id),
    members: await s.programmes.members(p.team.id),
    round,
    meetAnswers: await s.rounds.answers(p.roundId),
    deliveries: await s.rounds.deliveries(p.roundId),
    breaks: await s.breaks.list(p.team.id),
    break: await s.breaks.get(p.breakId),
    rsvps: await s.breaks.rsvps(p.breakId, DATE),
    topics: await s.breaks.topics(p.breakId, DATE),
    plans: await s.days.list(p.team.id),
    dayAnswers: await s.days.answers(p.planId),
    talks: await s.days.talks(p.planId),
    met: await s.days.metAnswers(p.planId),
    meetingSettings: await s.meetingSettings.get(p.meeting.id),
    session: await s.checkIns.get(p.sessionId),
    checkIns: await s.checkIns.listAnswers(p.sessionId),
    open: await s.checkIns.findOpen(p.meeting.chat),
  });
}

/** What Hallway sent into a place's conversations: new posts, and the latest version of each message. */
function sent(p: Place) {
  const mine = [...p.connector.requests, ...hw.connector.requests.filter((r) => r.conversationId === p.meeting.chat)];
  const posts = mine.filter((r) => r.kind === 'send' || r.kind === 'reply' || r.kind === 'create-conversation').length;
  return JSON.stringify({ posts, cards: p.messages.map(({ connector, id }) => connector.latestCard(id)) });
}

/** Runs an attempt from `caller`'s place on `target`, and checks nothing of the target was read or changed. */
async function attempt(caller: Place, target: Place, label: string, run: () => Promise<{ text: string; json?: unknown; status?: number }>) {
  // Card updates are coalesced: what earlier attempts changed (a caller forgetting themselves
  // redraws their own place's cards) lands first, and what this one changed is sent before comparing.
  await hw.app.flushCardUpdates();
  const before = { stored: await stored(target), sent: sent(target) };
  const answer = await run();
  await hw.app.flushCardUpdates();
  const leaked = target.secrets.filter((secret) => answer.text.includes(secret));
  expect({ from: caller.key, to: target.key, label, leaked }).toEqual({ from: caller.key, to: target.key, label, leaked: [] });
  expect({ label, stored: await stored(target) }).toEqual({ label, stored: before.stored });
  expect({ label, sent: sent(target) }).toEqual({ label, sent: before.sent });
  return answer;
}

/** A refused tab call: 403 or 404 with nothing but the error in the body. */
function expectRefused(label: string, answer: { status?: number; json?: unknown }) {
  const body = answer.json as Record<string, unknown> | undefined;
  expect({ label, status: [403, 404].includes(answer.status ?? 0), keys: Object.keys(body ?? {}) }).toEqual({
    label,
    status: true,
    keys: ['error'],
  });
}

// ---- The tables: every route of the server, every card verb ----

type Ids = { teamId?: string; breakId?: string; topicId?: string; planId?: string };
type RouteRow =
  /** Under /api/v1/teams/:teamId: the caller must be a member of the team in the path, and every id must be of it. */
  | { kind: 'team'; body?: (target: Place) => unknown }
  /** Under /api/v1/meetings/:meetingId?chat=: the caller must be in the meeting, and the chat must be its chat. */
  | { kind: 'meeting'; body?: (target: Place) => unknown }
  /** No id in the request: it is about the signed-in caller only. `last`: it deletes the caller's data. */
  | { kind: 'caller'; body?: unknown; last?: boolean }
  /** No sign-in and no id: public pages and probes. */
  | { kind: 'public'; path?: string }
  /** Activities from Teams: checked for every card verb in VERB_ROWS. */
  | { kind: 'card verbs' };

const DAYS = ['2026-11-10', '2026-11-11'];
const daysFields = { dates: DAYS, place: 'Taken over', timeZone: 'UTC' };
const breakFields = { title: 'Taken over', weekdays: [1, 2, 3, 4, 5, 6, 7], time: '15:00', timeZone: 'UTC', durationMinutes: 30 };
const meetingSettings = {
  enabled: true,
  questionBank: 'custom',
  customQuestions: ['Planted question'],
  summaryAtEnd: true,
  defaultVisibility: 'shared',
};
const coffeeSettings = {
  enabled: false,
  cadence: 'weekly',
  weekday: 1,
  hour: 10,
  timeZone: 'UTC',
  groupSize: 3,
  meetingMinutes: 15,
  includeGuests: true,
};

const ROUTES: Record<string, RouteRow> = {
  'POST /api/messages': { kind: 'card verbs' },
  'GET /': { kind: 'public' },
  'GET /privacy': { kind: 'public' },
  'GET /terms': { kind: 'public' },
  'GET /healthz': { kind: 'public' },
  'GET /readyz': { kind: 'public' },
  'GET /tab/config': { kind: 'public' },
  'GET /tab/content': { kind: 'public' },
  'GET /tab/assets/:file': { kind: 'public', path: '/tab/assets/content.js' },
  'GET /api/v1/meetings/:meetingId': { kind: 'meeting' },
  'PUT /api/v1/meetings/:meetingId/settings': { kind: 'meeting', body: () => meetingSettings },
  'POST /api/v1/meetings/:meetingId/check-in': { kind: 'meeting' },
  'POST /api/v1/check-in/preview': { kind: 'caller', body: meetingSettings },
  'GET /api/v1/meetings/:meetingId/pulse': { kind: 'meeting' },
  'GET /api/v1/meetings/:meetingId/pulse/csv': { kind: 'meeting' },
  'GET /api/v1/teams/:teamId/coffee': { kind: 'team' },
  'POST /api/v1/teams/:teamId/coffee/join': { kind: 'team', body: () => ({}) },
  'POST /api/v1/teams/:teamId/coffee/leave': { kind: 'team' },
  'POST /api/v1/teams/:teamId/coffee/resume': { kind: 'team' },
  'POST /api/v1/teams/:teamId/coffee/pause': { kind: 'team', body: () => ({ until: '2026-11-30' }) },
  'PUT /api/v1/teams/:teamId/coffee/settings': { kind: 'team', body: () => coffeeSettings },
  'GET /api/v1/teams/:teamId/breaks': { kind: 'team' },
  'POST /api/v1/teams/:teamId/breaks': { kind: 'team', body: () => breakFields },
  'PUT /api/v1/teams/:teamId/breaks/:breakId': { kind: 'team', body: () => breakFields },
  'DELETE /api/v1/teams/:teamId/breaks/:breakId': { kind: 'team' },
  'POST /api/v1/teams/:teamId/breaks/:breakId/rsvp': { kind: 'team', body: () => ({ date: DATE, answer: 'out' }) },
  'POST /api/v1/teams/:teamId/breaks/:breakId/topics': { kind: 'team', body: () => ({ date: DATE, text: 'Planted topic' }) },
  'POST /api/v1/teams/:teamId/topics/:topicId/vote': { kind: 'team' },
  'DELETE /api/v1/teams/:teamId/topics/:topicId': { kind: 'team' },
  'GET /api/v1/teams/:teamId/days': { kind: 'team' },
  'POST /api/v1/teams/:teamId/days': { kind: 'team', body: () => daysFields },
  'PUT /api/v1/teams/:teamId/days/:planId': { kind: 'team', body: () => daysFields },
  'DELETE /api/v1/teams/:teamId/days/:planId': { kind: 'team' },
  'POST /api/v1/teams/:teamId/days/:planId/answer': { kind: 'team', body: () => ({ date: DAYS[0], coming: false }) },
  'POST /api/v1/teams/:teamId/days/:planId/talks': { kind: 'team', body: (t) => ({ with: t.organiser.id }) },
  'GET /api/v1/teams/:teamId/days/:planId/summary': { kind: 'team' },
  'GET /api/v1/teams/:teamId/pulse': { kind: 'team' },
  'GET /api/v1/teams/:teamId/pulse/csv': { kind: 'team' },
  'GET /api/v1/me': { kind: 'caller' },
  'GET /api/v1/me/pulse': { kind: 'caller' },
  'GET /api/v1/me/data': { kind: 'caller' },
  'DELETE /api/v1/me': { kind: 'caller', body: { confirm: true }, last: true },
};

type VerbRow = {
  /** Where the card carrying this verb is pressed. */
  pressedIn: 'meeting chat' | 'team channel' | '1:1 chat';
  /** The card's data, naming the target place's objects. */
  data: (target: Place) => object;
  /** What the presser is shown: the card a missing or out-of-date object gets. */
  shows: string;
  /** Names no object of a place: pressed by the caller's organiser only, in their own chat. */
  aboutThePresser?: boolean;
  last?: boolean;
};

const VERB_ROWS: Record<string, VerbRow> = {
  [CHECK_IN_VERBS.submit]: {
    pressedIn: 'meeting chat',
    data: (t) => ({ sessionId: t.sessionId, mood: 'great', note: 'Planted note', visibility: 'shared' }),
    shows: 'This check-in is no longer available',
  },
  [CHECK_IN_VERBS.skip]: {
    pressedIn: 'meeting chat',
    data: (t) => ({ sessionId: t.sessionId }),
    shows: 'This check-in is no longer available',
  },
  [CHECK_IN_VERBS.edit]: {
    pressedIn: 'meeting chat',
    data: (t) => ({ sessionId: t.sessionId }),
    shows: 'This check-in is no longer available',
  },
  [CHECK_IN_VERBS.refresh]: {
    pressedIn: 'meeting chat',
    data: (t) => ({ sessionId: t.sessionId }),
    shows: 'This check-in is no longer available',
  },
  [BREAK_VERBS.rsvp]: {
    pressedIn: 'team channel',
    data: (t) => ({ breakId: t.breakId, date: DATE, answer: 'out' }),
    shows: 'This break is over or was cancelled',
  },
  [BREAK_VERBS.topic]: {
    pressedIn: 'team channel',
    data: (t) => ({ breakId: t.breakId, date: DATE, topic: 'Planted topic' }),
    shows: 'This break is over or was cancelled',
  },
  [BREAK_VERBS.vote]: { pressedIn: 'team channel', data: (t) => ({ topicId: t.topicId }), shows: 'This break is over or was cancelled' },
  [DAYS_VERBS.answer]: {
    pressedIn: 'team channel',
    data: (t) => ({ planId: t.planId, date: DAYS[0], answer: 'not-coming' }),
    shows: 'These days together are over or were cancelled',
  },
  [DAYS_VERBS.talk]: {
    pressedIn: '1:1 chat',
    data: (t) => ({ planId: t.planId, requestId: t.talkId, answer: 'accept' }),
    shows: 'This request is no longer open',
  },
  [DAYS_VERBS.met]: {
    pressedIn: '1:1 chat',
    data: (t) => ({ planId: t.planId, answer: 'yes' }),
    shows: 'This question is no longer open',
  },
  [COFFEE_VERBS.pause]: {
    pressedIn: '1:1 chat',
    data: (t) => ({ programmeId: t.team.id, weeks: '2' }),
    shows: "You're not in coffee pairing",
  },
  [COFFEE_VERBS.met]: { pressedIn: '1:1 chat', data: (t) => ({ roundId: t.roundId, answer: 'no' }), shows: 'This round is over' },
  // Names no object: it acts on the presser alone, wherever pressed.
  [PRIVACY_VERBS.forget]: {
    pressedIn: '1:1 chat',
    data: () => ({ confirm: 'yes' }),
    shows: 'Hallway has forgotten you',
    aboutThePresser: true,
    last: true,
  },
};

/** The id combinations a team route is tried with: the target's ids in the path, the caller's team with the target's objects, and the reverse. */
function teamIdCombos(route: string, caller: Place, target: Place): { label: string; ids: Ids }[] {
  const object = route.includes(':breakId') ? 'breakId' : route.includes(':topicId') ? 'topicId' : route.includes(':planId') ? 'planId' : undefined;
  if (!object) return [{ label: "the other team's id", ids: { teamId: target.team.id } }];
  return [
    { label: `the other team's id and its ${object}`, ids: { teamId: target.team.id, [object]: target[object] } },
    { label: `their own team's id with the other team's ${object}`, ids: { teamId: caller.team.id, [object]: target[object] } },
    { label: `the other team's id with their own ${object}`, ids: { teamId: target.team.id, [object]: caller[object] } },
  ];
}

function fill(route: string, ids: Ids): string {
  return route
    .replace(':teamId', encodeURIComponent(ids.teamId ?? ''))
    .replace(':breakId', encodeURIComponent(ids.breakId ?? ''))
    .replace(':topicId', encodeURIComponent(ids.topicId ?? ''))
    .replace(':planId', encodeURIComponent(ids.planId ?? ''));
}

async function tryRoute(key: string, row: RouteRow, caller: Place, target: Place): Promise<number> {
  const [method, route] = key.split(' ') as [string, string];
  let attempts = 0;
  if (row.kind === 'team') {
    for (const { label, ids } of teamIdCombos(route, caller, target)) {
      attempts++;
      const full = `${key} with ${label}`;
      const answer = await attempt(caller, target, full, () => tab(method, fill(route, ids), as(caller), row.body?.(target)));
      expectRefused(full, answer);
    }
  } else if (row.kind === 'meeting') {
    const rest = route.replace('/api/v1/meetings/:meetingId', '');
    const combos = [
      { label: "the other meeting's id and chat", meetingId: target.meeting.id, chat: target.meeting.chat },
      { label: "their own meeting's id with the other meeting's chat", meetingId: caller.meeting.id, chat: target.meeting.chat },
      { label: "the other meeting's id with their own chat", meetingId: target.meeting.id, chat: caller.meeting.chat },
    ];
    for (const { label, meetingId, chat } of combos) {
      attempts++;
      const full = `${key} with ${label}`;
      // The organiser of their own meeting: the most a person of that place can do.
      const answer = await attempt(caller, target, full, () => tab(method, meetingPath(meetingId, chat, rest), as(caller), row.body?.(target)));
      expectRefused(full, answer);
    }
  } else if (row.kind === 'caller') {
    attempts++;
    await attempt(caller, target, key, () => tab(method, route, as(caller), row.body));
  } else if (row.kind === 'public') {
    attempts++;
    await attempt(caller, target, key, () => tab(method, row.path ?? route));
  }
  return attempts;
}

async function tryVerb(verb: string, row: VerbRow, caller: Place, target: Place): Promise<number> {
  const presses: { label: string; activity: object }[] = [];
  const data = row.data(target);
  const ownPlace =
    row.pressedIn === 'team channel'
      ? { channel: caller }
      : row.pressedIn === 'meeting chat'
        ? { chat: caller }
        : { personal: caller.memberChat, serviceUrl: caller.connector.url };
  const presser = row.aboutThePresser ? caller.organiser : caller.member;
  presses.push({
    label: `${verb} in their own ${row.pressedIn} with the other place's ids`,
    activity: pressed(ownPlace, caller.tenant, presser, verb, data),
  });
  if (caller.tenant !== target.tenant && !row.aboutThePresser) {
    // The tenant arm of each check: the other place's own conversation, or one of its members, seen from another tenant.
    const theirs =
      row.pressedIn === 'team channel'
        ? { channel: target }
        : row.pressedIn === 'meeting chat'
          ? { chat: target }
          : { personal: target.memberChat, serviceUrl: target.connector.url };
    const who = row.pressedIn === '1:1 chat' ? target.member : caller.member;
    presses.push({
      label: `${verb} in the other place's ${row.pressedIn}, from another tenant`,
      activity: pressed(theirs, caller.tenant, who, verb, data),
    });
  }
  for (const { label, activity } of presses) {
    const answer = await attempt(caller, target, label, async () => {
      const res = await hw.post(activity);
      return { status: res.status, text: JSON.stringify(res.body) };
    });
    expect({ label, status: answer.status, shows: answer.text.includes(row.shows) }).toEqual({ label, status: 200, shows: true });
  }
  return presses.length;
}

// ---- Setting the three places up, as their people would ----

async function setUp(p: Place) {
  const c = p.connector;
  for (const person of [p.organiser, p.member]) c.addMember({ ...person, userPrincipalName: `${person.id.slice(3)}@contoso.example` });
  c.personalChats.set(p.member.id, p.memberChat);
  c.personalChats.set(p.organiser.id, `a:personal-${p.key.toLowerCase()}-organiser`);

  const added = botAddedToTeam(c.url);
  added.from = { ...p.organiser };
  added.conversation = { isGroup: true, conversationType: 'channel', tenantId: p.tenant, id: p.team.id };
  added.channelData = { eventType: 'teamMemberAdded', team: { id: p.team.id, name: p.team.name }, tenant: { id: p.tenant } };
  expect((await hw.post(added)).status).toBe(200);
  for (const [who, text] of [
    [p.organiser, 'coffee join'],
    [p.member, 'coffee join'],
    [p.organiser, 'coffee pair now'],
  ] as const) {
    expect((await hw.post(inChannel(p, text, who))).status).toBe(200);
  }
  p.roundId = (await hw.app.storage.rounds.latest(p.team.id))!.id;

  const created = await tab('POST', `${teamPath(p.team.id)}/breaks`, as(p), {
    ...breakFields,
    title: `${p.key} coffee`,
    reminderMinutes: 10,
  });
  expect(created.status).toBe(201);
  p.breakId = (created.json as { id: string }).id;
  expect((await tab('POST', `${teamPath(p.team.id)}/breaks/${p.breakId}/rsvp`, as(p, p.member), { date: DATE, answer: 'in' })).status).toBe(200);
  const withTopic = await tab('POST', `${teamPath(p.team.id)}/breaks/${p.breakId}/topics`, as(p, p.member), {
    date: DATE,
    text: p.secrets[4],
  });
  expect(withTopic.status).toBe(201);
  p.topicId = (withTopic.json as any).breaks[0].next[0].topics[0].id;
  expect((await tab('POST', `${teamPath(p.team.id)}/topics/${p.topicId}/vote`, as(p), undefined)).status).toBe(200);

  // Days together: both coming, and the member privately asks the organiser for time face to face.
  const plan = await tab('POST', `${teamPath(p.team.id)}/days`, as(p), { ...daysFields, place: p.secrets[7] });
  expect(plan.status).toBe(201);
  p.planId = (plan.json as { id: string }).id;
  for (const who of [p.organiser, p.member])
    expect((await tab('POST', `${teamPath(p.team.id)}/days/${p.planId}/answer`, as(p, who), { date: DAYS[0], coming: true })).status).toBe(200);
  expect((await tab('POST', `${teamPath(p.team.id)}/days/${p.planId}/talks`, as(p, p.member), { with: p.organiser.id })).status).toBe(201);
  p.talkId = (await hw.app.storage.days.talks(p.planId))[0]!.id;

  // The meeting: Hallway added to its chat; Teams knows who is invited to which meeting.
  hw.connector.setMeetingRole(p.meeting.id, p.organiser.aadObjectId, 'Organizer');
  hw.connector.setMeetingRole(p.meeting.id, p.member.aadObjectId, 'Attendee');
  const inMeeting = botAddedToTeam(hw.connector.url);
  inMeeting.from = { ...p.organiser };
  inMeeting.conversation = { isGroup: true, conversationType: 'groupChat', tenantId: p.tenant, id: p.meeting.chat };
  inMeeting.channelData = { tenant: { id: p.tenant } };
  expect((await hw.post(inMeeting)).status).toBe(200);
  const settings = { ...meetingSettings, customQuestions: [p.secrets[6]] };
  expect((await tab('PUT', meetingPath(p.meeting.id, p.meeting.chat, '/settings'), as(p), settings)).status).toBe(200);
}

async function startCheckIn(p: Place) {
  const start = tenanted(meetingStart(hw.connector.url, { conversationId: p.meeting.chat, meetingId: p.meeting.id, title: `${p.key} sync` }), p.tenant);
  start.channelData.tenant.id = p.tenant;
  expect((await hw.post(start)).status).toBe(200);
  const card = hw.connector.sends(p.meeting.chat).at(-1)!;
  p.sessionId = card.body.attachments[0].content.refresh.action.data.sessionId;
  const answer = { sessionId: p.sessionId, mood: 'rough', note: p.secrets[5], visibility: 'shared' };
  expect((await hw.post(pressed({ chat: p }, p.tenant, p.member, CHECK_IN_VERBS.submit, answer))).body.statusCode).toBe(200);
  // The shared card shows the answer before anything is tried, so later updates are only ever redraws.
  await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(card.activityId!)).includes(p.secrets[5]!));
}

beforeAll(async () => {
  await Promise.all(PLACES.map((p) => p.connector.start()));
  hw = await startHallway({
    env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', TAB_API_USER_LIMIT: '1000000' },
    overrides: { clock },
  });
  for (const p of PLACES) await setUp(p);
  clock.set(new Date(`${DATE}T14:50:00Z`));
  await hw.app.scheduler.tick(); // every place's break reminder is posted in its team's channel
  for (const p of PLACES) await startCheckIn(p);
  for (const p of PLACES) {
    p.messages = [
      ...p.connector.sends().map((r) => ({ connector: p.connector, id: r.activityId! })),
      ...hw.connector.sends(p.meeting.chat).map((r) => ({ connector: hw.connector, id: r.activityId! })),
    ];
  }
}, 60_000);

afterAll(async () => {
  await hw?.stop();
  await Promise.all(PLACES.map((p) => p.connector.stop()));
});

// ---- The tests ----

const routeKeys = Object.keys(ROUTES);
const verbKeys = Object.keys(VERB_ROWS);

describe('nobody of one meeting, team or tenant reads or changes anything of another', () => {
  test('every route of the running server and every card verb has a row in the tables', () => {
    const routes = Object.values((hw.app.http.server as any).router.getRoutes() as Record<string, { method: string; path: string }>).map(
      (r) => `${r.method.toUpperCase()} ${r.path}`,
    );
    expect([...routes].sort()).toEqual([...routeKeys].sort());
    expect([...ALL_VERBS].sort()).toEqual([...verbKeys].sort());
  });

  test('in its own place each person reads and acts (the refusals below are not for want of a working set-up)', async () => {
    for (const p of PLACES) {
      const meeting = await tab('GET', meetingPath(p.meeting.id, p.meeting.chat), as(p));
      expect({ place: p.key, status: meeting.status, note: meeting.text.includes(p.secrets[5]!) }).toEqual({
        place: p.key,
        status: 200,
        note: true,
      });
      const breaks = await tab('GET', `${teamPath(p.team.id)}/breaks`, as(p, p.member));
      expect({
        place: p.key,
        status: breaks.status,
        title: breaks.text.includes(`${p.key} coffee`),
        topic: breaks.text.includes(p.secrets[4]!),
      }).toEqual({
        place: p.key,
        status: 200,
        title: true,
        topic: true,
      });
      const refresh = await hw.post(pressed({ chat: p }, p.tenant, p.member, CHECK_IN_VERBS.refresh, { sessionId: p.sessionId }));
      expect({ place: p.key, question: JSON.stringify(refresh.body).includes(p.secrets[6]!) }).toEqual({ place: p.key, question: true });
      const rsvp = await hw.post(pressed({ channel: p }, p.tenant, p.member, BREAK_VERBS.rsvp, { breakId: p.breakId, date: DATE, answer: 'in' }));
      expect({ place: p.key, title: JSON.stringify(rsvp.body).includes(`${p.key} coffee`) }).toEqual({ place: p.key, title: true });
      const met = await hw.post(
        pressed({ personal: p.memberChat, serviceUrl: p.connector.url }, p.tenant, p.member, COFFEE_VERBS.met, {
          roundId: p.roundId,
          answer: 'yes',
        }),
      );
      expect({ place: p.key, recorded: JSON.stringify(met.body).includes('Great to hear') }).toEqual({ place: p.key, recorded: true });
    }
  });

  // Rows that delete the caller's own data run last, so every other row finds the caller as set up.
  // Teams' own activities (POST /api/messages) are tried through each card verb.
  const tried = routeKeys.filter((k) => ROUTES[k]!.kind !== 'card verbs');
  const isLast = (row: RouteRow | VerbRow) => 'last' in row && row.last === true;
  const ordered = [
    ...tried.filter((k) => !isLast(ROUTES[k]!)).map((k) => ['route', k] as const),
    ...verbKeys.filter((k) => !isLast(VERB_ROWS[k]!)).map((k) => ['verb', k] as const),
    ...tried.filter((k) => isLast(ROUTES[k]!)).map((k) => ['route', k] as const),
    ...verbKeys.filter((k) => isLast(VERB_ROWS[k]!)).map((k) => ['verb', k] as const),
  ];

  test.each(ordered)('%s %s: sent the ids of every other place, it reads and changes nothing there', async (kind, key) => {
    let attempts = 0;
    for (const [caller, target] of PAIRS) {
      attempts += kind === 'route' ? await tryRoute(key, ROUTES[key]!, caller, target) : await tryVerb(key, VERB_ROWS[key]!, caller, target);
    }
    expect(attempts).toBeGreaterThanOrEqual(PAIRS.length);
  });

  test('once every pending card update is sent, no conversation of another place got a post or a changed card', async () => {
    const before = new Map(PLACES.map((p) => [p.key, sent(p)]));
    await hw.app.stop(); // flushes the coalesced card updates
    for (const p of PLACES) expect({ place: p.key, sent: sent(p) }).toEqual({ place: p.key, sent: before.get(p.key) });
  });
});
