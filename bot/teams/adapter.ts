import { randomUUID } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { BotFrameworkSettings } from '../config';
import type { Logger } from '../log';
import { limitFactory } from './outbound';
import type { RateLimiter } from './rate-limiter';

/** Tests replace outbound credentials with this (see AppOverrides); re-exported so botframework-* stays in bot/teams. */
export type { ServiceClientCredentialsFactory };

/**
 * botbuilder's CloudAdapter, split so that authentication is answered by Hallway: a bad token is
 * a plain 401 (CloudAdapter.process would answer some with 500 and the error text).
 */
export class HallwayAdapter extends CloudAdapter {
  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly limiter: RateLimiter,
  ) {
    super(auth);
    // Proactive calls (continueConversation, createConversation) get their clients here.
    const create = auth.createConnectorFactory.bind(auth);
    auth.createConnectorFactory = (identity) => limitFactory(create(identity), limiter);
  }

  /** Verifies the request's token for this activity; throws when it is not acceptable. */
  async authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.auth.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: limitFactory(result.connectorFactory, this.limiter) } : result;
  }

  /** Runs an authenticated activity through the bot; returns the invoke response, if any. */
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic) as Promise<InvokeResponse | undefined>;
  }
}

export function createAdapter(
  settings: BotFrameworkSettings,
  log: Logger,
  limiter: RateLimiter,
  credentialsFactory?: ServiceClientCredentialsFactory,
): HallwayAdapter {
  const options = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const auth = new ConfigurationBotFrameworkAuthentication(options, credentialsFactory);
  const adapter = new HallwayAdapter(auth, limiter);
  adapter.onTurnError = async (context, error) => {
    const correlationId = randomUUID();
    log.error(
      {
        correlationId,
        activityType: context.activity.type,
        name: context.activity.name,
        err: { name: (error as Error)?.name, stack: (error as Error)?.stack },
      },
      'turn failed',
    );
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(`Sorry, something went wrong on my side. Please try again. (Reference: ${correlationId})`);
    } catch {
      // The conversation may be unreachable; the log has the details.
    }
  };
  return adapter;
}
