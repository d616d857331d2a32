import {
  CardFactory,
  Channels,
  MessageFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { AdaptiveCard } from '../cards/render';
import { withOutboundTenant } from './outbound';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './retry';

export function cardActivity(card: AdaptiveCard) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

type Reference = Partial<ConversationReference>;

function tenantOfReference(reference: Reference): string {
  return reference.conversation?.tenantId ?? '';
}

/**
 * Every call Hallway makes to Teams goes through here: one place for the tenant the rate limits
 * count it against (per conversation and per tenant, waiting rather than being throttled; see
 * outbound.ts) and for retries of throttled (429) and failed gateway calls. Failures are thrown to the caller, one call at a time, so one
 * recipient's failure never stops another's.
 */
export class Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {}

  /**
   * One call to Teams for a tenant, retried as a whole. Every HTTP request it makes (botbuilder's
   * own retries included) waits for its turn under the limits, in the connector's pipeline.
   */
  private call<T>(tenantId: string, request: () => Promise<T>): Promise<T> {
    return withOutboundTenant(tenantId, () => withRetries(request, this.retry));
  }

  /** Runs `work` in a turn for the conversation; its result or error comes back to the caller. */
  async inConversation<T>(reference: Reference, work: (context: TurnContext) => Promise<T>): Promise<T> {
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

  /** A read (member lookups and the like): counted against the tenant's limit only. */
  request<T>(reference: Reference, read: (context: TurnContext) => Promise<T>): Promise<T> {
    return this.inConversation(reference, (context) => this.call(tenantOfReference(reference), () => read(context)));
  }

  /** Posts a card; returns the new message id. */
  async postCard(reference: Reference, card: AdaptiveCard): Promise<string> {
    return this.inConversation(reference, (context) => this.sendCard(context, card));
  }

  /** Replaces a posted card for everyone in the conversation. */
  async updateCard(reference: Reference, messageId: string, card: AdaptiveCard): Promise<void> {
    await this.inConversation(reference, async (context) => {
      const activity = { ...cardActivity(card), id: messageId };
      await this.call(tenantOfReference(reference), () => context.updateActivity(activity));
    });
  }

  /** Sends a card within a turn, under the same limits and retries. */
  async sendCard(context: TurnContext, card: AdaptiveCard): Promise<string> {
    const response = await this.call(context.activity.conversation?.tenantId ?? '', () => context.sendActivity(cardActivity(card)));
    return response?.id ?? '';
  }

  /** Opens (or finds: Teams returns the same one) the 1:1 chat between Hallway and a user. */
  async openPersonalChat(input: { tenantId: string; serviceUrl: string; userId: string }): Promise<string> {
    const parameters = {
      isGroup: false,
      bot: { id: this.appId ? `28:${this.appId}` : 'hallway', name: 'Hallway' },
      members: [{ id: input.userId, name: '' }],
      tenantId: input.tenantId,
      channelData: { tenant: { id: input.tenantId } },
    } as ConversationParameters;
    return this.call(input.tenantId, async () => {
      let id = '';
      await this.adapter.createConversationAsync(
        this.appId,
        Channels.Msteams,
        input.serviceUrl,
        undefined as unknown as string,
        parameters,
        async (context) => {
          id = context.activity.conversation.id;
        },
      );
      if (!id) throw new Error('Teams returned no conversation id');
      return id;
    });
  }

  /** The reference for a 1:1 chat opened with openPersonalChat. */
  static personalReference(input: { tenantId: string; serviceUrl: string; conversationId: string }): Reference {
    return {
      channelId: Channels.Msteams,
      serviceUrl: input.serviceUrl,
      conversation: { id: input.conversationId, tenantId: input.tenantId, conversationType: 'personal', isGroup: false, name: '' },
    };
  }
}
