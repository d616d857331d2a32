import { AsyncLocalStorage } from 'node:async_hooks';
import type { TurnContext } from 'botbuilder';
import { TeamsConnectorClient, type ConnectorClient, type ConnectorFactory } from 'botframework-connector';
import { BoundedMap } from '../lib/bounded-map';
import type { RateLimiter } from './rate-limiter';

/** The tenant an outbound call is made for; set by the messenger around each call. */
const outboundTenant = new AsyncLocalStorage<string>();
let callsUnderWay = 0;

/**
 * Runs an outbound call with its tenant known to the rate limit (in the connector's pipeline, below).
 * While an AsyncLocalStorage is enabled, Node tracks every promise the process makes, not only
 * the call's: every answer of a busy meeting paid for it. So the storage is switched off again when
 * no call is under way; the next call switches it on before it makes its first promise.
 */
export async function withOutboundTenant<T>(tenantId: string, call: () => Promise<T>): Promise<T> {
  callsUnderWay++;
  try {
    return await outboundTenant.run(tenantId, call);
  } finally {
    if (--callsUnderWay === 0) outboundTenant.disable();
  }
}

/** The tenant of the outbound call under way here, if any. */
export function currentOutboundTenant(): string | undefined {
  return outboundTenant.getStore();
}

type PipelineRequest = { url: string; method: string };
type PipelinePolicy = {
  name: string;
  sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown>;
};
type Pipeline = { addPolicy(policy: PipelinePolicy, options?: { afterPhase?: string }): void; getOrderedPolicies(): PipelinePolicy[] };

const POLICY = 'hallwayRateLimitPolicy';

/** The conversation a request posts or updates a message in; reads are not counted per conversation. */
function messageConversation(request: PipelineRequest): string | undefined {
  if (request.method !== 'POST' && request.method !== 'PUT') return undefined;
  const match = new URL(request.url).pathname.match(/\/v3\/conversations\/([^/]+)\/activities/);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * Puts the rate limiter into a connector client's HTTP pipeline after its retry policy, so every
 * request that leaves, retries included, waits for its turn under Teams' limits.
 */
export function limitClient(client: ConnectorClient, limiter: RateLimiter): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline || pipeline.getOrderedPolicies().some((p) => p.name === POLICY)) return client;
  pipeline.addPolicy(
    {
      name: POLICY,
      async sendRequest(request, next) {
        await limiter.acquire(currentOutboundTenant() ?? 'unknown', messageConversation(request));
        return next(request);
      },
    },
    { afterPhase: 'Retry' },
  );
  return client;
}

/** Connector clients kept per factory (one per accepted token): a service URL or two each. */
const CLIENTS_PER_FACTORY = 16;
/** However long its factory lives, a client is made again after this. */
const CLIENT_TTL_MS = 10 * 60_000;

/**
 * A connector factory whose clients are all rate-limited, each made once per service URL and
 * audience and then used by every turn that comes with the same token. botbuilder asks for a client
 * on every turn, and building one (its HTTP pipeline, its policies) cost more than a bare turn's own
 * work; the client holds no state of a turn, and its credentials fetch and renew their own tokens.
 */
export function limitFactory(factory: ConnectorFactory, limiter: RateLimiter): ConnectorFactory {
  const clients = new BoundedMap<string, ConnectorClient>({ maxEntries: CLIENTS_PER_FACTORY, ttlMs: CLIENT_TTL_MS });
  return {
    create: (serviceUrl: string, audience?: string) =>
      clients.getOrLoad(`${serviceUrl}\u0000${audience ?? ''}`, async () => limitClient(await factory.create(serviceUrl, audience), limiter)),
  } as ConnectorFactory;
}

/**
 * A Teams API client (meetings and the like) for the turn, paced like its connector. TeamsInfo's
 * meeting calls build a client of their own outside the connector's pipeline, so they would leave
 * unpaced; this one shares the connector's limiter, and refuses to be made without it.
 */
export function pacedTeamsClient(context: TurnContext): TeamsConnectorClient {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient | undefined;
  const policy =
    connector &&
    pipelineOf(connector)
      ?.getOrderedPolicies()
      .find((p) => p.name === POLICY);
  if (!connector || !policy) throw new Error('outbound: the turn has no paced connector');
  const client = new TeamsConnectorClient(connector.credentials, { baseUri: context.activity.serviceUrl });
  pipelineOf(client)!.addPolicy(policy, { afterPhase: 'Retry' });
  return client;
}

function pipelineOf(client: object): Pipeline | undefined {
  return (client as { client?: { pipeline?: Pipeline } }).client?.pipeline;
}
