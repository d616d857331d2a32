import type { TurnContext } from 'botbuilder';
import { coffeeWords, followUpCard } from '../cards/coffee-cards';
import { renderCard, type AdaptiveCard, type Sentence } from '../cards/render';
import type { MetData, PauseData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import type { Installations } from '../domain/installations';
import { recordMeetAnswer } from '../domain/coffee/follow-up';
import { isOrganiser, join, leave, parseWeeks, pause, programmeFor, rememberLocale, resume } from '../domain/coffee/membership';
import type { Person } from '../domain/person';
import type { Programme } from '../domain/coffee/model';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import type { startRound } from '../domain/coffee/due-work';
import { type CoffeeMessageId, coffeeText } from '../i18n/coffee';
import { formatDate } from '../i18n/dates';
import { isLocale, type Locale, matchLocale, type UiLocale } from '../i18n/locales';
import { personLocale, personOf, programmeIsOfTenant, teamOf, teamOrChatOf, tenantOf, type Place } from './activity';
import { coffeeStatusCard, zoneFor } from './coffee-status';
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

/** What a coffee reply needs: the person, their language and their time zone (as Teams says). */
type Asker = { person: Person; locale: UiLocale; timeZone?: string; seen?: Locale };

/** The language the activity says its sender uses, when it says one Hallway speaks (remembered; English is only a fallback). */
function languageSeen(context: TurnContext): Locale | undefined {
  const clientInfo = context.activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: unknown } | undefined;
  return [context.activity.locale, typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined].map(matchLocale).find(isLocale);
}

function askerOf(context: TurnContext): Asker {
  return { person: personOf(context), locale: personLocale(context), timeZone: context.activity.localTimezone, seen: languageSeen(context) };
}

/**
 * Virtual coffee as people drive it in Teams: the `coffee` commands typed in a team channel or
 * group chat (bot/teams/command-table.ts routes them; each answers with a card there), and the
 * buttons of the coffee cards in the 1:1 chat (bot/teams/verb-table.ts routes them). Every reply
 * is in the language of the person who typed or pressed; their language is also remembered on
 * their membership, for the 1:1 messages Hallway later sends them on its own.
 */
export class CoffeeCommands {
  constructor(private readonly deps: CoffeeCommandsDeps) {}

  /** Runs a coffee command for the team or group chat it was typed in; in a 1:1 chat, says where coffee lives. */
  private async inTeam(context: TurnContext, command: (programme: Programme, asker: Asker) => Promise<AdaptiveCard | undefined>): Promise<void> {
    const programme = await this.programmeOf(context);
    const asker = askerOf(context);
    if (programme) await this.remember(programme, asker);
    const card = programme ? await command(programme, asker) : notice(asker.locale, 'coffee.where.title', 'coffee.where.text');
    if (card) await this.deps.messenger.sendCard(context, card);
  }

  private remember(programme: Programme, { person, seen }: Asker): Promise<void> {
    return rememberLocale(this.deps, { programmeId: programme.id, userId: person.userId, locale: seen });
  }

  /** `coffee`: the person's status, their match, and for organisers the team's totals. */
  status(context: TurnContext): Promise<void> {
    return this.inTeam(context, (programme, asker) => coffeeStatusCard(this.deps, { programme, ...asker }));
  }

  /** `coffee join` */
  join(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, { person, locale, timeZone, seen }) => {
      const t = coffeeWords(locale);
      const result = await join(this.deps, { programme, person, timeZone, locale: seen });
      const zone = zoneFor(programme, result.member.timeZone, timeZone);
      const next = programme.nextRoundAt ? ` ${t('coffee.nextRound', { date: formatDate(locale, programme.nextRoundAt, zone, 'day') })}` : '';
      if (result.kind === 'already-member') {
        const line = programme.name ? coffeeText.sentence(locale, 'coffee.join.already.team', { team: programme.name }) : [t('coffee.join.already.here')];
        return renderCard('notice', { title: t('coffee.join.already.title'), text: next ? [...line, next] : line });
      }
      return renderCard('notice', {
        title: t('coffee.join.done.title'),
        text: `${t('coffee.join.done.text')}${next} ${t('coffee.join.done.how')}`,
      });
    });
  }

  /** `coffee leave` */
  leave(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, { person, locale }) => {
      const result = await leave(this.deps, { programme, userId: person.userId });
      if (result.kind === 'not-member') return notice(locale, 'coffee.notMember.title', 'coffee.notMember.text');
      return notice(locale, 'coffee.leave.title', 'coffee.leave.text');
    });
  }

  /** `coffee pause <weeks>`: `args` are the words after pause. */
  pause(context: TurnContext, args: string[]): Promise<void> {
    return this.inTeam(context, async (programme, { person, locale, timeZone }) => {
      const weeks = parseWeeks(args[0]);
      if (weeks === undefined || args.length > 1) return notice(locale, 'coffee.pause.howMany.title', 'coffee.pause.howMany.text');
      const result = await pause(this.deps, { programme, userId: person.userId, weeks });
      if (result.kind !== 'paused') return notice(locale, 'coffee.notMember.title', 'coffee.notMember.text');
      const member = await this.deps.programmes.getMember(programme.id, person.userId);
      const date = formatDate(locale, result.until, zoneFor(programme, member?.timeZone, timeZone), 'day');
      return renderCard('notice', {
        title: coffeeWords(locale)('coffee.pause.done.title'),
        text: coffeeWords(locale)('coffee.pause.done.text', { date }),
      });
    });
  }

  /** `coffee resume` */
  resume(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, { person, locale }) => {
      const result = await resume(this.deps, { programme, userId: person.userId });
      if (result.kind === 'not-member') return notice(locale, 'coffee.notMember.title', 'coffee.notMember.text');
      return notice(locale, result.kind === 'not-paused' ? 'coffee.resume.notPaused.title' : 'coffee.resume.done.title', 'coffee.resume.text');
    });
  }

  /** `coffee pair now`: an organiser starts a round at once. */
  pairNow(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (programme, { person, locale }) => {
      await this.startRoundNow(context, programme, person, locale);
      return undefined;
    });
  }

  /** `coffee` followed by anything else: the coffee commands. */
  unknownCommand(context: TurnContext): Promise<void> {
    return this.inTeam(context, async (_programme, { locale }) => notice(locale, 'coffee.unknown.title', 'coffee.unknown.text'));
  }

  private async startRoundNow(context: TurnContext, programme: Programme, person: Person, locale: UiLocale): Promise<void> {
    const t = coffeeWords(locale);
    const send = (title: string, text: string) => this.deps.messenger.sendCard(context, renderCard('notice', { title, text }));
    if (!isOrganiser(programme, person)) return void (await send(t('coffee.pairNow.notOrganiser.title'), t('coffee.pairNow.notOrganiser.text')));
    const result = await this.deps.startRound(programme, 'manual');
    if (result.kind === 'started') {
      const round = result.round;
      await send(t('coffee.pairNow.started.title', { seq: round.seq }), t('coffee.pairNow.started.text', { groups: round.groups.length }));
      await this.deps.deliver(round.id);
    } else if (result.kind === 'not-enough-members') {
      await send(t('coffee.pairNow.nobody.title'), t('coffee.pairNow.nobody.text'));
    } else {
      await send(t('coffee.pairNow.raced.title'), t('coffee.pairNow.raced.text'));
    }
  }

  /*
   * The card buttons, pressed in the 1:1 chat away from the team: pause from the match card, "Did
   * you meet?" answers. The answer is the presser's own view, in their language.
   */

  /** coffee.pause: a programme of another tenant looks exactly like one the presser is not in; pause() checks membership. */
  async onPause(context: TurnContext, place: Place, { programmeId, weeks }: PauseData): Promise<AdaptiveCard> {
    const locale = personLocale(context);
    const found = await this.deps.programmes.get(programmeId);
    const programme = found && programmeIsOfTenant(place, found) ? found : undefined;
    const asker = askerOf(context);
    const result = programme ? await pause(this.deps, { programme, userId: asker.person.userId, weeks }) : { kind: 'not-member' as const };
    if (!programme || result.kind !== 'paused') return notice(locale, 'coffee.notMemberAnywhere.title', 'coffee.notMemberAnywhere.text');
    await this.remember(programme, asker);
    const member = await this.deps.programmes.getMember(programme.id, asker.person.userId);
    const date = formatDate(locale, result.until, zoneFor(programme, member?.timeZone, asker.timeZone), 'day');
    return renderCard('notice', {
      title: coffeeWords(locale)('coffee.pause.done.title'),
      text: coffeeWords(locale)('coffee.pause.button.text', { date }),
    });
  }

  /** coffee.met: a round of another tenant looks like one that is over; recordMeetAnswer checks the presser is in its groups. */
  async onMet(context: TurnContext, place: Place, { roundId, answer }: MetData): Promise<AdaptiveCard> {
    const locale = personLocale(context);
    const t = coffeeWords(locale);
    const round = await this.deps.rounds.get(roundId);
    const programme = round ? await this.deps.programmes.get(round.programmeId) : undefined;
    const result =
      programme && programmeIsOfTenant(place, programme)
        ? await recordMeetAnswer(this.deps, { roundId, userId: personOf(context).userId, answer })
        : { kind: 'not-in-round' as const };
    if (!programme || result.kind !== 'recorded') return notice(locale, 'coffee.met.over.title', 'coffee.met.over.text');
    await this.remember(programme, askerOf(context));
    const thanks = t(`coffee.followUp.thanks.${answer}`);
    return followUpCard(locale, { question: thanks, detail: t('coffee.followUp.thanksDetail'), roundId, askAgain: false });
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
}

function notice(locale: UiLocale, title: CoffeeMessageId, text: CoffeeMessageId): AdaptiveCard {
  return renderCard('notice', { title: coffeeWords(locale)(title), text: coffeeWords(locale)(text) satisfies Sentence });
}

/** coffee.pause pressed without a number of weeks it knows, answered in the presser's language. */
export function pickWeeksCard(context: TurnContext): AdaptiveCard {
  return notice(personLocale(context), 'coffee.pause.pick.title', 'coffee.pause.pick.text');
}

/** coffee.met with data no card sends. */
export function coffeeButtonFailedCard(context: TurnContext): AdaptiveCard {
  return notice(personLocale(context), 'coffee.button.failed.title', 'coffee.button.failed.text');
}
