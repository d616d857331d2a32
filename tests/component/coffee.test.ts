import { botAddedToTeam, channelMessage, participant, ORGANISER, TEAM_ID, type Participant } from '../fixtures/activities';
import { cardProblems } from '../fixtures/cards';
import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness;
const people = (n: number) => Array.from({ length: n }, (_, i) => participant(i + 1));

beforeEach(async () => {
  hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0' } });
  for (const p of [ORGANISER, ...people(12)]) {
    hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  }
  await hw.post(botAddedToTeam(hw.connector.url));
});
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

const say = (text: string, from: Participant = ORGANISER) => hw.post(channelMessage(hw.connector.url, text, from));
const lastReply = () => JSON.stringify(hw.connector.sends(TEAM_ID).at(-1)?.body.attachments[0].content);

/** The coffee cards a person received in their 1:1 chat with Hallway. */
const matchCards = (p: Participant) =>
  hw.connector
    .personalMessages(p.id)
    .map((m) => m.body.attachments[0].content)
    .filter((c: any) => JSON.stringify(c).includes('meeting'));

async function joinAll(list: Participant[]) {
  for (const p of list) expect((await say('coffee join', p)).status).toBe(200);
}

async function pairNow() {
  await say('coffee pair now');
  expect(lastReply()).toMatch(/Round \d+ started/);
}

/** Each round's groups, read back from the stored history. */
async function groupsOfRound(seq: number) {
  const round = await hw.app.storage.rounds.latest(TEAM_ID);
  expect(round?.seq).toBe(seq);
  return round!.groups.map((g) => g.members);
}

describe('virtual coffee pairing', () => {
  test('ten people join; the organiser pairs now; each gets exactly one 1:1 card naming their partner', async () => {
    const team = people(10);
    await joinAll(team);
    expect(lastReply()).toContain("You're in!");
    await pairNow();
    for (const p of team) {
      const cards = matchCards(p);
      expect(cards).toHaveLength(1);
      const text = JSON.stringify(cards[0]);
      const partners = team.filter((q) => q !== p && text.includes(`"${q.name}"`));
      expect(partners).toHaveLength(1);
      expect(text).toContain('first time you two meet');
      expect(text).toContain('https://teams.microsoft.com/l/chat/0/0?users=');
      expect(text).toContain('https://teams.microsoft.com/l/meeting/new?subject=');
    }
    expect(hw.connector.sends().filter((s) => s.conversationId?.startsWith('a:personal-'))).toHaveLength(10);
  });

  test('an odd number of people gives exactly one trio, nobody left out', async () => {
    const team = people(11);
    await joinAll(team);
    await pairNow();
    const groups = await groupsOfRound(1);
    expect(groups.map((g) => g.length).sort()).toEqual([2, 2, 2, 2, 3]);
    for (const p of team) expect(matchCards(p)).toHaveLength(1);
  });

  test('nine rounds with the same ten people: 45 distinct pairs, nobody meets anyone twice', async () => {
    await joinAll(people(10));
    const pairs = new Set<string>();
    for (let seq = 1; seq <= 9; seq++) {
      await pairNow();
      for (const g of await groupsOfRound(seq)) pairs.add([...g].sort().join('+'));
    }
    expect(pairs.size).toBe(45);
    for (const p of people(10)) expect(matchCards(p)).toHaveLength(9);
  });

  test('a paused person and a blocked pair are never matched; leaving takes effect the next round', async () => {
    const team = people(8);
    await joinAll(team);
    await say('coffee pause 2', team[0]);
    expect(lastReply()).toContain('Coffee paused');
    await hw.app.storage.programmes.addBlock(TEAM_ID, team[1]!.id, team[2]!.id);
    for (let seq = 1; seq <= 3; seq++) {
      await pairNow();
      const groups = await groupsOfRound(seq);
      // Everyone but the paused person is paired: seven people in groups.
      expect(groups.flat()).toHaveLength(7);
      expect(groups.flat()).not.toContain(team[0]!.id);
      expect(groups.some((g) => g.includes(team[1]!.id) && g.includes(team[2]!.id))).toBe(false);
    }
    await say('coffee leave', team[3]);
    expect(lastReply()).toContain('You left coffee pairing');
    await pairNow();
    expect((await groupsOfRound(4)).flat()).not.toContain(team[3]!.id);
  });

  test('with 10% of calls to Teams failing once (429 or 503), everyone is still notified exactly once', async () => {
    const team = people(12);
    await joinAll(team);
    hw.connector.failRandomly(0.1, [429, 503]);
    await pairNow();
    await hw.app.scheduler.tick(); // anything left pending is retried by the scheduled work
    expect(hw.connector.failed.length).toBeGreaterThan(0);
    for (const p of team) expect(matchCards(p)).toHaveLength(1);
  }, 60_000);

  test('bad input gets a helpful answer and changes nothing', async () => {
    await joinAll(people(4));
    await say('coffee pause abc', people(1)[0]);
    expect(lastReply()).toContain('How many weeks?');
    await say('coffee dance', people(1)[0]);
    expect(lastReply()).toContain("I didn't catch that");
    await say('coffee pair now', people(2)[1]);
    expect(lastReply()).toContain('Only organisers can start a round');
    expect(await hw.app.storage.rounds.latest(TEAM_ID)).toBeUndefined();
    const member = await hw.app.storage.programmes.getMember(TEAM_ID, people(1)[0]!.id);
    expect(member?.pausedUntil).toBeUndefined();
  });

  test('coffee shows my status and, once paired, who I am meeting', async () => {
    await joinAll(people(2));
    await pairNow();
    await say('coffee', people(1)[0]);
    expect(lastReply()).toContain("You're meeting Participant 2");
  });

  test('organisers see team totals in coffee, only once five people have joined', async () => {
    await joinAll(people(4));
    await say('coffee');
    expect(lastReply()).toContain('Team totals appear once 5 people have joined');
    await joinAll(people(6).slice(4));
    await pairNow();
    await say('coffee');
    expect(lastReply()).toContain('6 (0 paused)');
    expect(lastReply()).toContain('0 of 3 groups met');
    await say('coffee', people(1)[0]);
    expect(lastReply()).not.toContain('groups met');
  });

  test('a member Teams cannot reach is given up without stopping the others', async () => {
    const team = people(6);
    await joinAll(team);
    hw.connector.fail('create-conversation', 403, { times: 1 });
    await pairNow();
    const notified = team.filter((p) => matchCards(p).length === 1);
    expect(notified).toHaveLength(5);
    await hw.app.scheduler.tick();
    expect(team.filter((p) => matchCards(p).length === 1)).toHaveLength(5);
  });

  test('guests of the team are not paired unless the programme includes them', async () => {
    const team = people(5);
    await joinAll(team);
    hw.connector.addMember({ ...team[4]!, userPrincipalName: 'guest@elsewhere.example', userRole: 'guest' } as any);
    await pairNow();
    expect((await groupsOfRound(1)).flat()).not.toContain(team[4]!.id);
  });

  test('people who left the team are not paired', async () => {
    const team = people(6);
    await joinAll(team);
    hw.connector.members.delete(team[5]!.id);
    await pairNow();
    expect((await groupsOfRound(1)).flat()).not.toContain(team[5]!.id);
    expect(matchCards(team[5]!)).toHaveLength(0);
  });
});
