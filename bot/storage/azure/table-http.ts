import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates as tlsRootCertificates } from 'node:tls';
import type { TableClient } from '@azure/data-tables';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';

/**
 * The Table service's REST protocol for the entity operations of every request Hallway serves
 * (point reads, inserts, updates, deletes, partition queries, transactions), without the SDK's per-operation
 * machinery. A check-in answer on Azure Tables is two single-entity writes and a share of a board
 * read; through @azure/data-tables each write cost about 1.3 ms of CPU and each 1,000-answer board
 * read about 36 ms, most of it the generic OpenAPI serialisers, tracing and logging policies and
 * entity deserialisation, against about 0.6 ms and 7 ms here (docs/check-in.md). Only table creation
 * still goes through the SDK.
 *
 * Two ways to send:
 *   - with an account key (a connection string with AccountKey, Azurite's included): Node's own
 *     HTTP client on keep-alive connections, each request signed with Shared Key Lite, retried on
 *     throttling and transient failures as the SDK does;
 *   - otherwise (a SAS, Microsoft Entra sign-in, Cosmos DB for Table): the SDK client's own HTTP
 *     pipeline, so its sign-in, token refresh, retries and Cosmos adjustments apply unchanged.
 */

export type TableRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path below the table endpoint, already encoded: `/<table>`, `/<table>()`, `/<table>(PartitionKey='…',RowKey='…')`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
};

export type TableResponse = { status: number; header(name: string): string | undefined; body: string };

export interface TableSender {
  /** The table endpoint, absolute, without a trailing slash or query: a transaction's operations name their entities by it. */
  readonly endpoint: string;
  send(request: TableRequest): Promise<TableResponse>;
}

/** The protocol version Hallway speaks; the SDK's own for the same operations. */
export const TABLE_API_VERSION = '2019-02-02';
const USER_AGENT = 'hallway-tables';
/** However slow the service, a request gives up after this (the SDK's default has no limit; a stuck socket would hold an answer). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Retried on these statuses and on connection failures, at most MAX_RETRIES times, as the SDK's default retry policy does. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRIES = 3;
const RETRY_BASE_MS = 400;
const RETRY_MAX_MS = 16_000;

/** What a connection string says about where the tables are and how to sign in. */
export type ConnectionSettings = { endpoint: URL; account?: string; key?: Buffer; sas?: string };

/** Reads a storage connection string (account key, SAS or development storage); undefined when it names no table endpoint. */
export function parseConnectionString(connectionString: string): ConnectionSettings | undefined {
  const parts = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (parts.get('usedevelopmentstorage') === 'true') {
    return {
      endpoint: new URL('http://127.0.0.1:10002/devstoreaccount1'),
      account: 'devstoreaccount1',
      key: Buffer.from('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==', 'base64'),
    };
  }
  const account = parts.get('accountname');
  const explicit = parts.get('tableendpoint');
  const suffix = parts.get('endpointsuffix') ?? 'core.windows.net';
  const protocol = parts.get('defaultendpointsprotocol') ?? 'https';
  const endpoint = explicit ?? (account ? `${protocol}://${account}.table.${suffix}` : undefined);
  if (!endpoint) return undefined;
  const key = parts.get('accountkey');
  return {
    endpoint: new URL(endpoint.replace(/\/+$/, '')),
    account,
    key: key ? Buffer.from(key, 'base64') : undefined,
    sas: parts.get('sharedaccesssignature')?.replace(/^\?/, ''),
  };
}

/** Cosmos DB for Table differs in a few details the SDK's pipeline knows about. */
export const isCosmosEndpoint = (endpoint: URL): boolean =>
  /\.(table\.cosmos\.azure\.com|table\.cosmosdb\.azure\.com|documents\.azure\.com)$/i.test(endpoint.hostname);

/**
 * Requests signed with the account key (Shared Key Lite), on Node's own HTTP client. The
 * canonical resource is the account and the path as sent, as the service computes it.
 */
export class SharedKeySender implements TableSender {
  private readonly agent: HttpAgent;
  private readonly send1: typeof httpRequest;
  readonly endpoint: string;

  constructor(
    private readonly url: URL,
    private readonly account: string,
    private readonly key: Buffer,
    trustedCa?: string,
  ) {
    this.endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    const secure = url.protocol === 'https:';
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, maxSockets: 128, ...(trustedCa && { ca: [...tlsRootCertificates, trustedCa] }) })
      : new HttpAgent({ keepAlive: true, maxSockets: 128 });
    this.send1 = secure ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  async send(request: TableRequest): Promise<TableResponse> {
    for (let attempt = 0; ; attempt++) {
      let response: TableResponse | undefined;
      let failure: unknown;
      try {
        response = await this.once(request);
      } catch (error) {
        failure = error;
      }
      if (response && !RETRY_STATUSES.has(response.status)) return response;
      if (attempt >= MAX_RETRIES) {
        if (response) return response;
        throw failure;
      }
      await pause(retryDelay(attempt, response?.header('retry-after')));
    }
  }

  private once(request: TableRequest): Promise<TableResponse> {
    const base = this.url.pathname.replace(/\/+$/, '');
    const path = `${base}${request.path}`;
    const search = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    const date = new Date().toUTCString();
    const signature = createHmac('sha256', this.key).update(`${date}\n/${this.account}${path}`, 'utf8').digest('base64');
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    return new Promise((resolve, reject) => {
      const req = this.send1(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          path: path + search,
          method: request.method,
          agent: this.agent,
          headers: {
            ...(body && { 'content-type': 'application/json', 'content-length': String(body.length) }),
            ...request.headers,
            'x-ms-date': date,
            'x-ms-version': TABLE_API_VERSION,
            dataserviceversion: '3.0',
            'user-agent': USER_AGENT,
            authorization: `SharedKeyLite ${this.account}:${signature}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, header: headerOf(res.headers), body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`Azure Tables did not answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** Requests through the SDK client's own pipeline: its sign-in (SAS, Entra ID), retries and Cosmos adjustments. */
export class PipelineSender implements TableSender {
  private readonly http: HttpClient = createDefaultHttpClient();
  readonly endpoint: string;
  /** A SAS given in the connection string rides on the client's URL: every request carries it. */
  private readonly signature: [string, string][];

  constructor(private readonly client: TableClient) {
    const url = new URL(client.url);
    this.endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.signature = [...url.searchParams];
  }

  async send(request: TableRequest): Promise<TableResponse> {
    const query = new URLSearchParams([...Object.entries(request.query ?? {}), ...this.signature]).toString();
    const search = query ? `?${query}` : '';
    const pipelineRequest = createPipelineRequest({
      url: `${this.endpoint}${request.path}${search}`,
      method: request.method,
      headers: createHttpHeaders({ ...(request.body !== undefined && { 'content-type': 'application/json' }), ...request.headers, dataserviceversion: '3.0' }),
      body: request.body,
      allowInsecureConnection: this.endpoint.startsWith('http://'),
      timeout: REQUEST_TIMEOUT_MS,
    });
    const response = await this.client.pipeline.sendRequest(this.http, pipelineRequest);
    return { status: response.status, header: (name) => response.headers.get(name), body: response.bodyAsText ?? '' };
  }
}

function headerOf(headers: IncomingHttpHeaders): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

/** Exponential with jitter, or what the service asked for (Retry-After, in seconds), capped. */
function retryDelay(attempt: number, retryAfter: string | undefined): number {
  const asked = retryAfter === undefined ? Number.NaN : Number(retryAfter) * 1000;
  if (Number.isFinite(asked) && asked >= 0) return Math.min(asked, RETRY_MAX_MS);
  const exponential = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
  return exponential / 2 + Math.random() * (exponential / 2);
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
