import { randomUUID } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { BotFrameworkSettings } from '../config';
import { BoundedMap } from '../lib/bounded-map';
import type { Logger } from '../log';
import { limitFactory } from './outbound';
import type { RateLimiter } from './rate-limiter';

/** Tests replace outbound credentials with this (see AppOverrides); re-exported so botframework-* stays in bot/teams. */
export type { ServiceClientCredentialsFactory };

/** Accepted tokens remembered: the Bot Connector uses a handful at a time; tests and attackers may send many. */
export const VERIFIED_TOKENS_MAX = 1_000;
/** User token clients kept: one per bot app id that tokens are issued for (one, or a few in tests). */
const USER_TOKEN_CLIENTS_MAX = 16;
/** However long a token says it lives, it is checked again after this. */
export const VERIFIED_TOKEN_TTL_MS = 10 * 60_000;

/**
 * botbuilder's CloudAdapter, split so that authentication is answered by Hallway: a bad token is
 * a plain 401 (CloudAdapter.process would answer some with 500 and the error text).
 */
export class HallwayAdapter extends CloudAdapter {
  private readonly verified: BoundedMap<string, AuthenticateRequestResult>;

  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly limiter: RateLimiter,
    private readonly now: () => number = Date.now,
  ) {
    super(auth);
    this.verified = new BoundedMap({ maxEntries: VERIFIED_TOKENS_MAX, ttlMs: VERIFIED_TOKEN_TTL_MS, now });
    // Proactive calls (continueConversation, createConversation) get their clients here.
    const create = auth.createConnectorFactory.bind(auth);
    auth.createConnectorFactory = (identity) => limitFactory(create(identity), limiter);
    // botbuilder makes a user token client (for OAuth sign-in cards) on every turn, and each is an
    // HTTP client with its pipeline; it depends only on the bot's app id, so one per app id serves.
    const userTokenClients = new BoundedMap<string, Awaited<ReturnType<typeof auth.createUserTokenClient>>>({
      maxEntries: USER_TOKEN_CLIENTS_MAX,
      ttlMs: VERIFIED_TOKEN_TTL_MS,
      now,
    });
    const createUserTokenClient = auth.createUserTokenClient.bind(auth);
    auth.createUserTokenClient = (identity) => {
      const claim = (type: string) => identity.claims?.find((c) => c.type === type)?.value ?? '';
      return userTokenClients.getOrLoad(`${claim('ver')}\u0000${claim('appid')}\u0000${claim('azp')}`, () => createUserTokenClient(identity));
    };
  }

  /**
   * Verifies the request's token for this activity; throws when it is not acceptable. The Bot
   * Connector sends one token for many requests (it lives about an hour), and checking its signature
   * is most of what a bare turn costs, so a token accepted for a channel and service URL is accepted
   * again for the same pair until it expires (at most VERIFIED_TOKEN_TTL_MS). A refusal is never kept.
   */
  async authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const key = `${activity.channelId}\u0000${activity.serviceUrl}\u0000${authHeader}`;
    return this.verified.getOrLoad(
      key,
      async () => {
        const result = await this.auth.authenticateRequest(activity, authHeader);
        return result.connectorFactory ? { ...result, connectorFactory: limitFactory(result.connectorFactory, this.limiter) } : result;
      },
      (result) => this.keepFor(result),
    );
  }

  /** How long an accepted token may be taken again without a check: until its `exp`, never longer than the cap. */
  private keepFor(result: AuthenticateRequestResult): number {
    const exp = result.claimsIdentity?.claims?.find((claim) => claim.type === 'exp')?.value as unknown;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return 0;
    return Math.max(0, Math.min(exp * 1000 - this.now(), VERIFIED_TOKEN_TTL_MS));
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
