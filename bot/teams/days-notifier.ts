import type { ConversationReference } from 'botbuilder';
import { daysPlanCard } from '../cards/days-cards';
import type { Programme } from '../domain/coffee/model';
import type { DaysMessage } from '../domain/days/ports';
import { errorSummary } from './activity';
import { Messenger } from './messenger';

/** Days together's private messages: a person's plan in their 1:1 chat with Hallway, through the messenger. */
export async function tellInPersonalChat(messenger: Messenger, programme: Programme, userId: string, message: DaysMessage) {
  try {
    const serviceUrl = (programme.reference as ConversationReference).serviceUrl ?? '';
    const conversationId = await messenger.openPersonalChat({ tenantId: programme.tenantId, serviceUrl, userId });
    await messenger.postCard(Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl, conversationId }), daysPlanCard(message));
    return { kind: 'sent' as const };
  } catch (error) {
    return { kind: 'failed' as const, error: errorSummary(error) };
  }
}
