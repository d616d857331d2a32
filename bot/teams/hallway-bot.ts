import { storedReference } from './reference';
import { COMMAND_MAX_LENGTH, normaliseCommand } from './command-text';
import {
  ActivityTypes,
  StatusCodes,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import type { AdaptiveCard, CardReply } from '../cards/render';
import type { Clock } from '../domain/clock';
import type { Logger } from '../log';
import type { Installations } from '../domain/installations';
import type { Privacy } from '../domain/privacy-ports';
import { forgetMe } from '../domain/privacy';
import { questionIn } from '../i18n/check-in';
import { PRIVACY_VERBS, type ForgetData } from '../cards/verbs';
import { errorSummary, meetingIdOf, personLocale, placeLocale, placeOf, teamOf, tenantOf } from './activity';
import {
  actionFailedNotice,
  checkInAlreadyOpenCard,
  checkInsHappenElsewhereCard,
  forgetMeConfirmCard,
  forgottenCard,
  helpCard,
  welcomeCard,
} from './common-cards';
import { commandTable, dispatchCommand, type CommandTable } from './command-table';
import { dispatchVerb, nothingDeletedCard, verbTable, type VerbTable } from './verb-table';
import type { CheckInController } from './check-in-controller';
import type { Messenger } from './messenger';
import type { CoffeeController } from './coffee-controller';
import type { BreaksController } from './breaks-controller';
import type { DaysController } from './days-controller';

export type HallwayBotDeps = {
  checkIns: CheckInController;
  coffee: CoffeeController;
  breaks: BreaksController;
  days: DaysController;
  privacy: Privacy;
  installations: Installations;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
};

export { normaliseCommand } from './command-text';

/** The Teams face of Hallway: commands, meeting events, installs and card actions. */
export class HallwayBot extends TeamsActivityHandler {
  private readonly commands: CommandTable;
  private readonly verbs: VerbTable;

  constructor(private readonly deps: HallwayBotDeps) {
    super();
    this.commands = commandTable({
      checkIn: (context) => this.manualCheckIn(context),
      help: (context) => this.reply(context, helpCard(personLocale(context))),
      unknown: (context) => this.reply(context, helpCard(personLocale(context), true)),
      forgetMe: (context) => this.reply(context, forgetMeConfirmCard(personLocale(context), PRIVACY_VERBS.forget)),
      breaks: deps.breaks,
      days: deps.days,
      coffee: deps.coffee.commands,
    });
    this.verbs = verbTable({
      checkIns: deps.checkIns,
      breaks: deps.breaks,
      days: deps.days,
      coffee: deps.coffee.commands,
      forgetMe: (context, _place, data) => this.forgetMe(context, data),
    });

    this.onMessage(async (context, next) => {
      await this.handleCommand(context);
      await next();
    });

    this.onTeamsMeetingStartEvent(async (meeting, context, next) => {
      const meetingId = meetingIdOf(context) ?? meeting.id;
      await this.deps.checkIns.start(context, {
        meetingId,
        title: meeting.title,
        trigger: { kind: 'meeting-start', startTime: String(meeting.startTime ?? context.activity.timestamp ?? '') },
      });
      await next();
    });

    this.onTeamsMeetingEndEvent(async (_meeting, context, next) => {
      await this.deps.checkIns.end(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.installed(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.installed(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await this.removed(context);
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) await this.removed(context);
      await next();
    });
  }

  private async handleCommand(context: TurnContext): Promise<void> {
    const typed = context.activity.text;
    // Longer than any command: answered with help before anything reads it.
    if (typeof typed === 'string' && typed.length > COMMAND_MAX_LENGTH) {
      this.deps.log.info({ command: 'too-long' }, 'command');
      return this.reply(context, helpCard(personLocale(context), true));
    }
    const text = normaliseCommand(TurnContext.removeRecipientMention(context.activity) ?? typed ?? '');
    await dispatchCommand(this.commands, context, text, (command) => this.deps.log.info({ command }, 'command'));
  }

  private async manualCheckIn(context: TurnContext): Promise<void> {
    if (context.activity.conversation.conversationType === 'personal') return this.reply(context, checkInsHappenElsewhereCard(personLocale(context)));
    const result = await this.deps.checkIns.start(context, {
      meetingId: meetingIdOf(context),
      trigger: { kind: 'manual' },
    });
    if (result.kind === 'already-open' || result.kind === 'duplicate') {
      const locale = personLocale(context);
      await this.reply(context, checkInAlreadyOpenCard(locale, result.session && questionIn(locale, result.session)));
    }
  }

  /** Stores what Hallway needs to message this team or chat later; welcomes it once. */
  private async installed(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const team = teamOf(context);
    const conversationType = activity.conversation.conversationType;
    const reference = storedReference(activity);
    const { created } = await this.deps.installations.upsert({
      conversationId: team?.id ?? activity.conversation.id,
      tenantId: tenantOf(context),
      conversationType: conversationType === 'channel' || conversationType === 'personal' ? conversationType : 'groupChat',
      teamId: team?.id,
      teamName: team?.name,
      reference,
      installedBy: activity.from?.aadObjectId,
      installedAt: this.deps.clock.now(),
    });
    if (!created) return;
    this.deps.log.info({ conversationType }, 'installed');
    // Nobody has chosen the place's language yet: it is the installer's.
    await this.reply(context, welcomeCard(placeLocale(undefined, reference)));
  }

  /** Removed from a team or chat: its data is kept for the grace period, in case of a reinstall. */
  private async removed(context: TurnContext): Promise<void> {
    const team = teamOf(context);
    await this.deps.privacy.markRemoved(team?.id ?? context.activity.conversation.id, this.deps.clock.now());
    this.deps.log.info({ conversationType: context.activity.conversation.conversationType }, 'uninstalled');
  }

  /** privacy.forget: Yes on the confirm card deletes everything about the presser (and only them); Cancel nothing. */
  private async forgetMe(context: TurnContext, data: ForgetData): Promise<AdaptiveCard> {
    if (data.confirm !== 'yes') return nothingDeletedCard(context);
    const from = context.activity.from;
    const { sessions, userIds, occurrences, plans } = await forgetMe(this.deps, { userId: from.id, aadObjectId: from.aadObjectId });
    this.deps.checkIns.redraw(sessions, [from.id, ...userIds]);
    this.deps.breaks.redraw(occurrences);
    this.deps.days.redraw(plans);
    this.deps.log.info({ checkIns: sessions.length, breaks: occurrences.length }, 'forgot a person');
    return forgottenCard(personLocale(context));
  }

  private async reply(context: TurnContext, card: AdaptiveCard): Promise<void> {
    await this.deps.messenger.sendCard(context, card);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = typeof invokeValue.action?.verb === 'string' ? invokeValue.action.verb : '';
    let card: CardReply;
    try {
      // Where the card was pressed, read once: each handler acts only on objects of this place.
      card = await dispatchVerb(this.verbs, verb, context, placeOf(context), invokeValue.action?.data);
    } catch (error) {
      this.deps.log.error({ verb, err: errorSummary(error), stack: (error as Error)?.stack }, 'card action failed');
      card = actionFailedNotice(personLocale(context));
    }
    // A serialised card stays as it is: the endpoint writes its text into the answer (see endpoint.ts).
    return { statusCode: StatusCodes.OK, type: 'application/vnd.microsoft.card.adaptive', value: card as AdaptiveCardInvokeResponse['value'] };
  }

  /** Invokes Hallway does not handle get a client error, not botbuilder's 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      const value = context.activity.value as { action?: { type?: unknown } } | undefined;
      if (!value || typeof value !== 'object' || !value.action || typeof value.action !== 'object') {
        return { status: StatusCodes.BAD_REQUEST, body: { code: 'BadRequest', message: 'Missing card action.' } };
      }
      return super.onInvokeActivity(context);
    }
    if (context.activity.type === ActivityTypes.Invoke) {
      return { status: StatusCodes.BAD_REQUEST, body: { code: 'BadRequest', message: 'Unsupported invoke.' } };
    }
    return super.onInvokeActivity(context);
  }
}
