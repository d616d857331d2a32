import type { Activity, ActivityHandler } from 'botbuilder';
import { z } from 'zod';
import { SerialisedCard } from '../cards/render';
import { isLoopbackHttpUrl } from '../http/loopback';
import type { Logger } from '../log';
import type { HallwayAdapter } from './adapter';

/**
 * What the HTTP transport sends back for an activity: a status and, when there is one, a JSON body,
 * either as a value or as JSON text to write as it is (an invoke answered with a serialised card).
 */
export type BotAnswer = { status: number; body?: unknown; json?: string };

/**
 * The Bot Framework protocol behind POST /api/messages: an activity and its Authorization header in,
 * a status and body out. Throws only on an unexpected failure, which the transport answers with a
 * 500 and a reference.
 */
export type BotEndpoint = { handle(body: unknown, authorization: string): Promise<BotAnswer> };

export type BotEndpointDeps = {
  adapter: HallwayAdapter;
  bot: ActivityHandler;
  log: Logger;
  /** No Bot Framework credentials: nothing is authenticated, so only loopback service URLs are answered. */
  localMode: boolean;
};

/** What every request to /api/messages must at least look like before the bot sees it. */
const activityShape = z
  .object({
    type: z.string().min(1).max(100),
    serviceUrl: z.string().url().max(2000),
    channelId: z.string().min(1).max(100),
    conversation: z.object({ id: z.string().min(1).max(1000) }).loose(),
    from: z.object({ id: z.string().min(1).max(1000) }).loose(),
    recipient: z
      .object({ id: z.string().min(1).max(1000) })
      .loose()
      .optional(),
    timestamp: z.string().max(100).optional(),
    localTimestamp: z.string().max(100).optional(),
    expiration: z.string().max(100).optional(),
  })
  .loose();

/** A refusal in the same body shape as every other error of the server: fixed text, never an internal message. */
function refusal(status: number, code: string, message: string): BotAnswer {
  return { status, body: { error: { code, message } } };
}

export function createBotEndpoint(deps: BotEndpointDeps): BotEndpoint {
  const { adapter, bot, log } = deps;
  return {
    async handle(body, authorization) {
      const parsed = activityShape.safeParse(body);
      if (!parsed.success) {
        // Field names only: the body may carry personal content.
        log.warn({ fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'body'))] }, 'rejected malformed activity');
        return refusal(400, 'BadRequest', 'The request body is not a Bot Framework activity.');
      }
      if (deps.localMode && !isLoopbackHttpUrl(parsed.data.serviceUrl)) {
        // Nothing authenticates this activity: replying to the serviceUrl it names would post wherever the sender likes.
        log.warn('rejected activity: local mode answers only loopback service URLs');
        return refusal(
          403,
          'Forbidden',
          'Without MicrosoftAppId (local mode) Hallway answers only a Bot Connector on this machine: serviceUrl must be a localhost, 127.0.0.1 or ::1 URL.',
        );
      }
      const activity = withDates(body as Activity);
      let auth: Awaited<ReturnType<HallwayAdapter['authenticate']>>;
      try {
        auth = await adapter.authenticate(activity, authorization);
      } catch (error) {
        log.warn({ reason: (error as Error)?.name ?? 'error', hasHeader: Boolean(authorization) }, 'rejected unauthenticated activity');
        return refusal(401, 'Unauthorized', 'Authentication failed.');
      }
      const invokeResponse = await adapter.run(auth, activity, (context) => bot.run(context));
      const status = invokeResponse?.status ?? 200;
      const json = cardAnswerText(invokeResponse?.body);
      return json === undefined ? { status, body: invokeResponse?.body } : { status, json };
    },
  };
}

/**
 * A card action's answer whose card is already serialised, as the JSON text of the whole answer: the
 * card is written as it is, never parsed or serialised again.
 */
function cardAnswerText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { statusCode, type, value, ...rest } = body as { statusCode?: unknown; type?: unknown; value?: unknown };
  if (!(value instanceof SerialisedCard) || Object.keys(rest).length > 0) return undefined;
  return `{"statusCode":${JSON.stringify(statusCode)},"type":${JSON.stringify(type)},"value":${value.json}}`;
}

/** botbuilder expects Date objects where the wire has ISO strings. */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & Record<string, unknown>;
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = a[key];
    if (typeof value === 'string') {
      a[`raw${key[0]!.toUpperCase()}${key.slice(1)}`] = value;
      (a as Record<string, unknown>)[key] = new Date(value);
    }
  }
  return activity;
}
