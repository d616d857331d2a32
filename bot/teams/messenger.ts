import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './retry';

export function cardActivity(card: AdaptiveCard) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/**
 * Every message Hallway sends outside a turn goes through here: one place for retries of
 * throttled (429) and failed gateway calls. Failures are thrown to the caller, one call at a time,
 * so one recipient's failure never stops another's.
 */
export class Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {}

  /** Runs `work` in a turn for the conversation; its result or error comes back to the caller. */
  async inConversation<T>(reference: Partial<ConversationReference>, work: (context: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        outcome = { ok: true, value: await work(context) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    if (!outcome) throw new Error('conversation turn did not run');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Posts a card; returns the new message id. */
  async postCard(reference: Partial<ConversationReference>, card: AdaptiveCard): Promise<string> {
    return this.inConversation(reference, (context) => this.sendCard(context, card));
  }

  /** Replaces a posted card for everyone in the conversation. */
  async updateCard(reference: Partial<ConversationReference>, messageId: string, card: AdaptiveCard): Promise<void> {
    await this.inConversation(reference, async (context) => {
      const activity = { ...cardActivity(card), id: messageId };
      await withRetries(() => context.updateActivity(activity), this.retry);
    });
  }

  /** Sends a card within a turn, with the same retries. */
  async sendCard(context: TurnContext, card: AdaptiveCard): Promise<string> {
    const response = await withRetries(() => context.sendActivity(cardActivity(card)), this.retry);
    return response?.id ?? '';
  }
}
