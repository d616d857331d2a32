import type { ConversationReference } from 'botbuilder';
import { coffeeCard } from '../cards/coffee-cards';
import type { Member, Programme } from '../domain/coffee/model';
import type { CoffeeMessage, Notifier, NotifyFailure } from '../domain/coffee/ports';
import type { Installations } from '../domain/installations';
import { matchLocale } from '../i18n/locales';
import { errorSummary, placeLocale, referenceLocale } from './activity';
import { Messenger } from './messenger';
import { statusOf } from './retry';

/** Statuses that mean the member cannot be reached (left the tenant, blocked the bot): no retry. */
const UNREACHABLE = new Set([400, 403, 404]);

const serviceUrlOf = (programme: Programme) => (programme.reference as ConversationReference).serviceUrl ?? '';

/** Coffee's 1:1 messages through the messenger (paced and retried there), rendered by bot/cards. */
export class TeamsNotifier implements Notifier {
  constructor(
    private readonly messenger: Messenger,
    private readonly installations: Pick<Installations, 'get'>,
  ) {}

  async openPersonalChat(programme: Programme, userId: string) {
    try {
      const conversationId = await this.messenger.openPersonalChat({
        tenantId: programme.tenantId,
        serviceUrl: serviceUrlOf(programme),
        userId,
      });
      return { kind: 'opened' as const, conversationId };
    } catch (error) {
      return failureOf(error);
    }
  }

  /**
   * In the member's language as last seen (remembered on their membership; else the language of
   * their 1:1 chat's installation, if they installed Hallway for themselves), else the team's.
   */
  async post(programme: Programme, conversationId: string, message: CoffeeMessage, recipient: Member) {
    try {
      const reference = Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl: serviceUrlOf(programme), conversationId });
      const installedIn = recipient.locale ? undefined : matchLocale(referenceLocale((await this.installations.get(conversationId))?.reference));
      const locale = recipient.locale ?? installedIn ?? placeLocale(programme.settings.language, programme.reference);
      return { kind: 'posted' as const, messageId: await this.messenger.postCard(reference, coffeeCard(message, locale)) };
    } catch (error) {
      return failureOf(error);
    }
  }
}

function failureOf(error: unknown): NotifyFailure {
  const status = statusOf(error);
  return { kind: status !== undefined && UNREACHABLE.has(status) ? 'unreachable' : 'failed', error: errorSummary(error) };
}
