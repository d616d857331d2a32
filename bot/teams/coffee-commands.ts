import type { TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { joinNames } from '../cards/coffee-cards';
import { renderCard, strong, type AdaptiveCard, type Sentence } from '../cards/render';
import type { MetData, PauseData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import type { Installations } from '../domain/installations';
import { recordMeetAnswer } from '../domain/coffee/follow-up';
import { isOrganiser, isPaused, join, leave, parseWeeks, pause, programmeFor, resume } from '../domain/coffee/membership';
import type { Person } from '../domain/person';
import type { Programme } from '../domain/coffee/model';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import { programmeStats } from '../domain/coffee/programme-admin';
import type { startRound } from '../domain/coffee/due-work';
import { personOf, programmeIsOfTenant, teamOf, teamOrChatOf, tenantOf, type Place } from './activity';
import type { Messenger } from './messenger';
import { storedReference } from './reference';

export type CoffeeCommandsDeps = {
  programmes: Programmes;
  rounds: Rounds;
  installations: Installations;
  messenger: Messenger;
  clock: Clock;
  newId: () => string;
  /** Starts a round now: the roster checked, exactly once whichever instance gets there first. */
  startRound: (programme: Programme, trigger: 'manual') => ReturnType<typeof startRound>;
  /** Sends a round's pending messages. */
  deliver: (roundId: string) => Promise<void>;
};

function longDate(date: Date, zone?: string): string {
  return DateTime.fromJSDate(date, { zone: zone ?? 'UTC' }).toFormat('cccc d LLLL');
}

/**
 * Virtual coffee as people drive it in Teams: the `coffee` commands typed in a team channel or
 * group chat (bot/teams/command-table.ts routes them; each answers with a card there), and the
 * buttons of the coffee cards in the 1:1 chat (bot/teams/verb-table.ts routes them).
 */
export class CoffeeCommands {
  constructor(private readonly deps: CoffeeCommandsDeps) {}

  /** Runs a coffee command for the team or group chat it was typed in; in a 1:1 chat, says where coffee lives. */
  private async inTeam(context: TurnContext, command: (programme: Programme, person: Person) => Promise<AdaptiveCard | undefined>): Promise<void> {
    const programme = await this.programmeOf(context);
    const card = programme
      ? await command(programme, personOf(context))
      : renderCard('notice', {
          title: 'Coffee pairing lives in your team',
          text: 'Type @Hallway coffee join in a channel of your team (or coffee join in a group chat with me) to be paired with teammates there.',
        });
    if (card) await this.deps.messenger.sendCard(context, card);
  }

  /** `coffee`: the person's status, their match, and for organisers the team's totals. */
  status(context: TurnContext): Promise<void> {
    return this.inTeam(context, (programme, person) => this.statusCard(programme, person));
  }

  /** `coffee join` */
  join(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, person) => {
      const result = await join(this.deps, { programme, person, timeZone: context.activity.localTimezone });
      const next = programme.nextRoundAt ? ` The next round starts ${longDate(programme.nextRoundAt, programme.settings.timeZone)}.` : '';
      if (result.kind === 'already-member') {
        return notice("You're already in", ["You're in ", programme.name ? strong(programme.name) : 'this team', `'s coffee pairing.${next}`]);
      }
      return notice(
        "You're in! ☕",
        `You'll get a 1:1 message from me with your coffee partner each round.${next} Type coffee pause 2 to skip two weeks, coffee leave to stop.`,
      );
    });
  }

  /** `coffee leave` */
  leave(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, person) => {
      const result = await leave(this.deps, { programme, userId: person.userId });
      if (result.kind === 'not-member') return notInCoffeeHere();
      return notice('You left coffee pairing', "You won't be paired from the next round on. Type coffee join to come back any time.");
    });
  }

  /** `coffee pause <weeks>`: `args` are the words after pause. */
  pause(context: TurnContext, args: string[]): Promise<void> {
    return this.inTeam(context, async (programme, person) => {
      const weeks = parseWeeks(args[0]);
      if (weeks === undefined || args.length > 1) {
        return notice('How many weeks?', 'Type coffee pause followed by a number of weeks from 1 to 52, for example coffee pause 2.');
      }
      const result = await pause(this.deps, { programme, userId: person.userId, weeks });
      if (result.kind !== 'paused') return notInCoffeeHere();
      return notice(
        'Coffee paused',
        `You won't be paired until ${longDate(result.until, programme.settings.timeZone)}. Type coffee resume to come back sooner.`,
      );
    });
  }

  /** `coffee resume` */
  resume(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, person) => {
      const result = await resume(this.deps, { programme, userId: person.userId });
      if (result.kind === 'not-member') return notInCoffeeHere();
      if (result.kind === 'not-paused') return notice("You're not paused", "You'll be paired in the next round.");
      return notice('Welcome back ☕', "You'll be paired in the next round.");
    });
  }

  /** `coffee pair now`: an organiser starts a round at once. */
  pairNow(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, person) => {
      await this.startRoundNow(context, programme, person);
      return undefined;
    });
  }

  /** `coffee` followed by anything else: the coffee commands. */
  unknownCommand(context: TurnContext): Promise<void> {
    return this.inTeam(context, async () =>
      notice(
        "I didn't catch that",
        'Coffee commands: coffee, coffee join, coffee pause <weeks>, coffee resume, coffee leave, and for organisers coffee pair now.',
      ),
    );
  }

  private async startRoundNow(context: TurnContext, programme: Programme, person: Person): Promise<void> {
    const notice = (title: string, text: string) => this.deps.messenger.sendCard(context, renderCard('notice', { title, text }));
    if (!isOrganiser(programme, person)) {
      return void (await notice(
        'Only organisers can start a round',
        "This team's coffee pairing is run by the person who set it up and the organisers they added. Rounds also start by themselves on schedule.",
      ));
    }
    const result = await this.deps.startRound(programme, 'manual');
    if (result.kind === 'started') {
      const round = result.round;
      await notice(
        `Round ${round.seq} started ☕`,
        `${round.groups.length} ${round.groups.length === 1 ? 'group' : 'groups'}; everyone gets their match in a 1:1 chat with me now.`,
      );
      await this.deps.deliver(round.id);
    } else if (result.kind === 'not-enough-members') {
      await notice('Nobody to pair yet', 'Nobody has joined (or everyone is paused). Ask your team to type coffee join.');
    } else {
      await notice('A round just started', 'Another round was started at the same moment; everyone is being told their match.');
    }
  }

  /*
   * The card buttons, pressed in the 1:1 chat away from the team: pause from the match card, "Did
   * you meet?" answers.
   */

  /** coffee.pause: a programme of another tenant looks exactly like one the presser is not in; pause() checks membership. */
  async onPause(context: TurnContext, place: Place, { programmeId, weeks }: PauseData): Promise<AdaptiveCard> {
    const found = await this.deps.programmes.get(programmeId);
    const programme = found && programmeIsOfTenant(place, found) ? found : undefined;
    const result = programme ? await pause(this.deps, { programme, userId: personOf(context).userId, weeks }) : { kind: 'not-member' as const };
    if (!programme || result.kind !== 'paused')
      return renderCard('notice', { title: "You're not in coffee pairing", text: 'Type coffee join in your team to join.' });
    return renderCard('notice', {
      title: 'Coffee paused',
      text: `You won't be paired until ${longDate(result.until, programme.settings.timeZone)}. Your current match still stands if you'd like to meet.`,
    });
  }

  /** coffee.met: a round of another tenant looks like one that is over; recordMeetAnswer checks the presser is in its groups. */
  async onMet(context: TurnContext, place: Place, { roundId, answer }: MetData): Promise<AdaptiveCard> {
    const round = await this.deps.rounds.get(roundId);
    const programme = round ? await this.deps.programmes.get(round.programmeId) : undefined;
    const result =
      programme && programmeIsOfTenant(place, programme)
        ? await recordMeetAnswer(this.deps, { roundId, userId: personOf(context).userId, answer })
        : { kind: 'not-in-round' as const };
    if (result.kind !== 'recorded') return renderCard('notice', { title: 'This round is over', text: 'Thanks anyway! A new match is on its way.' });
    const thanks = { yes: 'Great to hear! ☕', planned: 'Enjoy it when it happens!', no: 'No worries, there is always next round.' }[answer];
    return renderCard('coffee-follow-up', { question: thanks, detail: 'Thanks for letting us know.', roundId, askAgain: false });
  }

  /** The programme of the team or group chat the activity came from; none in personal chats. */
  private async programmeOf(context: TurnContext): Promise<Programme | undefined> {
    const activity = context.activity;
    const id = teamOrChatOf(context);
    if (!id) return undefined;
    const team = teamOf(context);
    const installation = await this.deps.installations.get(id);
    const reference = installation?.reference ?? storedReference(activity);
    return programmeFor(this.deps, {
      id,
      tenantId: tenantOf(context),
      name: team?.name ?? installation?.teamName,
      reference,
      organiser: installation?.installedBy ?? activity.from.aadObjectId,
    });
  }

  private async statusCard(programme: Programme, person: Person): Promise<AdaptiveCard> {
    const member = await this.deps.programmes.getMember(programme.id, person.userId);
    const now = this.deps.clock.now();
    const zone = member?.timeZone ?? programme.settings.timeZone;
    const facts: { title: string; value: string }[] = [];
    if (member?.status !== 'active') facts.push({ title: 'You', value: 'Not in coffee pairing here. Type coffee join to join.' });
    else if (isPaused(member, now)) facts.push({ title: 'You', value: `Paused until ${longDate(member.pausedUntil!, zone)}` });
    else facts.push({ title: 'You', value: 'In: you will be paired each round' });
    if (programme.nextRoundAt && programme.settings.enabled) facts.push({ title: 'Next round', value: longDate(programme.nextRoundAt, zone) });
    const latest = await this.deps.rounds.latest(programme.id);
    const group = latest && latest.status !== 'closed' ? latest.groups.find((g) => g.members.includes(person.userId)) : undefined;
    if (group) {
      const names = await Promise.all(
        group.members.filter((id) => id !== person.userId).map(async (id) => (await this.deps.programmes.getMember(programme.id, id))?.name ?? 'a teammate'),
      );
      facts.push({ title: 'This round', value: `You're meeting ${joinNames(names)}` });
    }
    let footer = '';
    if (isOrganiser(programme, person)) {
      const stats = await programmeStats(this.deps, { programme });
      if (stats.kind === 'too-few') footer = `Team totals appear once ${stats.minimum} people have joined.`;
      else {
        facts.push({ title: 'Members', value: `${stats.members} (${stats.paused} paused)` });
        if (stats.lastRound) facts.push({ title: `Round ${stats.lastRound.seq}`, value: `${stats.lastRound.met} of ${stats.lastRound.groups} groups met` });
      }
    }
    return renderCard('facts', { title: 'Virtual coffee', place: programme.name ?? '', facts, footer });
  }
}

function notice(title: string, text: Sentence): AdaptiveCard {
  return renderCard('notice', { title, text });
}

function notInCoffeeHere(): AdaptiveCard {
  return notice("You're not in coffee pairing here", 'Type coffee join to join.');
}

/** coffee.pause pressed without a number of weeks it knows. */
export function pickWeeksCard(): AdaptiveCard {
  return notice('Pick how many weeks', 'Choose 1, 2, 4 or 8 weeks, then press Pause.');
}

/** coffee.met with data no card sends. */
export function coffeeButtonFailedCard(): AdaptiveCard {
  return notice("Sorry, that button didn't work", 'Please try again from the latest card.');
}
