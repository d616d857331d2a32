import type { ConversationReference } from 'botbuilder';
import { coffeeCard } from '../cards/coffee-cards';
import type { Member, Programme } from '../domain/coffee/model';
import type { CoffeeMessage, Notifier, NotifyFailure } from '../domain/coffee/ports';
import { errorSummary, placeLocale } from './activity';
import { Messenger } from './messenger';
import { statusOf } from './retry';

/** Statuses that mean the member cannot be reached (left the tenant, blocked the bot): no retry. */
const UNREACHABLE = new Set([400, 403, 404]);

const serviceUrlOf = (programme: Programme) => (programme.reference as ConversationReference).serviceUrl ?? '';

/** Coffee's 1:1 messages through the messenger (paced and retried there), rendered by bot/cards. */
export class TeamsNotifier implements Notifier {
  constructor(private readonly messenger: Messenger) {}

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

  /** In the member's language as last seen, else the team's (docs/languages.md). */
  async post(programme: Programme, conversationId: string, message: CoffeeMessage, recipient: Member) {
    try {
      const reference = Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl: serviceUrlOf(programme), conversationId });
      const locale = recipient.locale ?? placeLocale(programme.settings.language, programme.reference);
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
