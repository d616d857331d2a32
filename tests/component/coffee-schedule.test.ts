import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COFFEE_VERBS } from '../../bot/cards/verbs';
import { botAddedToTeam, cardAction, channelMessage, participant, TEAM_ID, type Participant } from '../fixtures/activities';
import { DAY, HOUR, ManualClock } from '../fixtures/clock';
import { FakeConnector } from '../fixtures/fake-connector';
import { startHallway, type Harness } from '../fixtures/hallway';
import { TokenIssuer } from '../fixtures/token-issuer';

/** Wednesday; the programme's default schedule is Mondays 10:00 UTC, so round 1 is due 30 November. */
const START = new Date('2026-11-25T12:00:00Z');
const FIRST_ROUND = new Date('2026-11-30T10:00:00Z');
const team = Array.from({ length: 4 }, (_, i) => participant(i + 1));

const issuer = new TokenIssuer();
const connector = new FakeConnector();
let dir: string;
let instances: Harness[] = [];
let clock: ManualClock;

beforeAll(async () => {
  await Promise.all([issuer.start(), connector.start()]);
  for (const p of team) connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
});
afterAll(async () => {
  await Promise.all([issuer.stop(), connector.stop()]);
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hallway-schedule-'));
  connector.requests.length = 0;
  connector.personalChats.clear();
  clock = new ManualClock(START);
  const env = { SQLITE_PATH: join(dir, 'hallway.db'), JOBS_INTERVAL_MS: '0' };
  // Two servers sharing one database, as two instances behind a load balancer.
  instances = [await startHallway({ env, issuer, connector, overrides: { clock } }), await startHallway({ env, issuer, connector, overrides: { clock } })];
  const [first] = instances;
  await first!.post(botAddedToTeam(connector.url));
  for (const p of team) await first!.post(channelMessage(connector.url, 'coffee join', p));
});
afterEach(async () => {
  for (const hw of instances) await hw.stop();
  rmSync(dir, { recursive: true, force: true });
});

const storage = () => instances[0]!.app.storage;
const tickAll = () => Promise.all(instances.map((hw) => hw.app.scheduler.tick()));
const cardsFor = (p: Participant) => connector.personalMessages(p.id).map((m) => JSON.stringify(m.body.attachments[0].content));
const matchesFor = (p: Participant) => cardsFor(p).filter((c) => c.includes("you're meeting"));

describe('coffee rounds on schedule', () => {
  test('nothing runs before the round is due', async () => {
    clock.set(new Date(FIRST_ROUND.getTime() - 60_000));
    await tickAll();
    expect(await storage().rounds.latest(TEAM_ID)).toBeUndefined();
  });

  test('a due round runs exactly once with two servers looking for work at the same moment', async () => {
    clock.set(new Date(FIRST_ROUND.getTime() + 60_000));
    await tickAll();
    await tickAll();
    const round = await storage().rounds.latest(TEAM_ID);
    expect(round?.seq).toBe(1);
    for (const p of team) expect(matchesFor(p)).toHaveLength(1);
    const programme = await storage().programmes.get(TEAM_ID);
    expect(programme?.nextRoundAt?.toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });

  test('a round missed while the servers were down runs once within the grace window, and is skipped beyond it', async () => {
    clock.set(new Date(FIRST_ROUND.getTime() + 5 * HOUR));
    await tickAll();
    expect((await storage().rounds.latest(TEAM_ID))?.seq).toBe(1);
    // Down for the whole of the next Monday and a day more: that round is skipped, not run late.
    clock.set(new Date('2026-12-08T12:00:00Z'));
    await tickAll();
    expect((await storage().rounds.latest(TEAM_ID))?.seq).toBe(1);
    expect((await storage().programmes.get(TEAM_ID))?.nextRoundAt?.toISOString()).toBe('2026-12-14T10:00:00.000Z');
  });

  test('"Did you meet?" goes out near the end of the round; answers count; three silent rounds pause a member', async () => {
    const [quiet, ...others] = team;
    for (let week = 0; week < 3; week++) {
      clock.set(new Date(FIRST_ROUND.getTime() + week * 7 * DAY + 60_000));
      await tickAll();
      const round = (await storage().rounds.latest(TEAM_ID))!;
      clock.set(new Date(round.followUpAt.getTime() + 60_000));
      await tickAll();
      for (const p of team) expect(cardsFor(p).filter((c) => c.includes('Did you meet')).length).toBe(week + 1);
      for (const p of others) {
        const res = await instances[week % 2]!.post(
          cardAction(connector.url, {
            verb: COFFEE_VERBS.met,
            data: { roundId: round.id, answer: 'yes' },
            from: p,
            conversationId: connector.personalChats.get(p.id),
          }),
        );
        expect(JSON.stringify(res.body.value)).toContain('Great to hear');
      }
    }
    clock.set(new Date(FIRST_ROUND.getTime() + 3 * 7 * DAY + 60_000));
    await tickAll();
    expect(cardsFor(quiet!).some((c) => c.includes("We've paused your coffee pairing"))).toBe(true);
    const round4 = (await storage().rounds.latest(TEAM_ID))!;
    expect(round4.seq).toBe(4);
    expect(round4.groups.flatMap((g) => g.members)).not.toContain(quiet!.id);
    for (const p of others) expect(cardsFor(p).some((c) => c.includes("We've paused"))).toBe(false);
  });
});
