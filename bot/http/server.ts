import { randomUUID } from 'node:crypto';
import type { Server as NodeServer } from 'node:http';
import restify, { type Request, type Response, type Server } from 'restify';
import type { HttpTimeouts } from '../config';
import type { Logger } from '../log';
import type { BotEndpoint } from '../teams/endpoint';
import { publicPages, type PrivacyFigures } from './pages';
import { registerApi, type ApiDeps } from './api';
import { corsForApi, registerTab, type TabServing } from './tab-static';
import type { DevHost } from '../dev/host';
import { jsonIntake } from './intake';
import { failUnexpected, internalError } from './reply';

export type HttpDeps = {
  /** The tab's JSON API (/api/v1), registered when given. */
  api?: ApiDeps;
  /** The Bot Framework protocol (bot/teams): POST /api/messages hands it the body and Authorization header. */
  botEndpoint: BotEndpoint;
  log: Logger;
  maxBodyBytes: number;
  /** Slow headers, slow bodies and slow requests as a whole are cut off after these. */
  timeouts: HttpTimeouts;
  /** Readiness: resolves when storage answers. */
  ready: () => Promise<void>;
  /** What the public /privacy page states (the configured retention periods). */
  privacy: PrivacyFigures;
  /** The built tab, served under /tab. */
  tab?: TabServing;
  /** Local mode only: the /dev host page, its tokens and its Bot Connector stand-in. */
  devHost?: DevHost;
};

/** Client-facing messages per status: fixed text, never an internal error message. */
const PUBLIC_MESSAGES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is not valid.'],
  401: ['Unauthorized', 'Authentication failed.'],
  403: ['Forbidden', 'Not allowed.'],
  404: ['NotFound', 'Not found.'],
  405: ['MethodNotAllowed', 'Method not allowed.'],
  406: ['NotAcceptable', 'Not acceptable.'],
  413: ['PayloadTooLarge', 'The request body is too large.'],
  408: ['RequestTimeout', 'The request took too long.'],
  415: ['UnsupportedMediaType', 'Send JSON (Content-Type: application/json).'],
  503: ['Unavailable', 'The service is not ready.'],
};

function errorBody(status: number) {
  const [code, message] = PUBLIC_MESSAGES[status] ?? ['InternalError', 'Something went wrong.'];
  return { error: { code, message } };
}

/**
 * Room for a burst of new connections (a big meeting answering at once): Node's default of 511
 * drops SYNs beyond it, which clients only retry after a second.
 */
const LISTEN_BACKLOG = 2048;

export type HttpServer = {
  server: Server;
  listen(port: number, host: string): Promise<{ port: number; address: string }>;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
  isClosing(): boolean;
};

export function createHttpServer(deps: HttpDeps): HttpServer {
  const { botEndpoint, log } = deps;
  const server = restify.createServer({ name: 'hallway', handleUncaughtExceptions: false });
  let inFlight = 0;
  let closing = false;
  const idle: (() => void)[] = [];

  server.pre((req, res, next) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    });
    if (closing) res.setHeader('Connection', 'close');
    if (req.path().startsWith('/api/v1/')) {
      const allowed = corsForApi(req, res);
      if (req.method === 'OPTIONS') {
        res.send(allowed ? 204 : 403);
        return next(false);
      }
    }
    return next();
  });
  // Node ends a request whose headers or whole body take too long with a bare 408 and closes the
  // connection. It looks for them every connectionsCheckingInterval, 30 s by default (too coarse for
  // these limits), read when the server starts listening (@types/node 20 does not declare it).
  // The body's idle limit is the intake's.
  const node = server.server as NodeServer & { connectionsCheckingInterval: number };
  node.headersTimeout = deps.timeouts.headersMs;
  node.requestTimeout = deps.timeouts.requestMs;
  node.connectionsCheckingInterval = Math.max(50, Math.min(1000, Math.floor(deps.timeouts.headersMs / 4)));

  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(jsonIntake({ maxBodyBytes: deps.maxBodyBytes, bodyIdleMs: deps.timeouts.bodyIdleMs }));

  // Restify's own errors (unknown route, wrong method) and every rejected handler end here: the
  // same body shape, no detail; an unexpected one (5xx) gets a reference that is also in the log.
  // Every error is given a status, so restify sends it as it is rather than wrapping its message.
  server.on('restifyError', (req: Request, res: Response, err: { statusCode?: number; toJSON?: unknown }, callback: () => void) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    err.statusCode = status;
    if (status >= 500) {
      if (res.headersSent) {
        // Failed after its answer began: restify would write a second status line and throw, so it
        // is not called back.
        failUnexpected(res, log, err, 'request failed');
        return;
      }
      const correlationId = randomUUID();
      log.error({ correlationId, route: req.getRoute()?.path, err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'request failed');
      err.toJSON = () => internalError(correlationId);
    } else {
      err.toJSON = () => errorBody(status);
    }
    // A body that no route will read is not drained: the connection closes after the answer.
    if (!req.complete) res.setHeader('Connection', 'close');
    return callback();
  });
  // Errors of the listening socket itself (too many open files on accept, say) are logged, never thrown.
  server.on('error', (error: Error) => log.error({ err: { name: error.name, message: error.message } }, 'server error'));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const header = req.headers.authorization;
    try {
      const answer = await botEndpoint.handle(req.body, typeof header === 'string' ? header : '');
      if (answer.json !== undefined) {
        // Encoded once: its length and the bytes written come from the same buffer.
        const body = Buffer.from(answer.json, 'utf8');
        res.setHeader('content-type', 'application/json');
        res.setHeader('content-length', body.length);
        res.sendRaw(answer.status, body);
      } else if (answer.body !== undefined) res.send(answer.status, answer.body);
      else res.send(answer.status);
    } catch (error) {
      failUnexpected(res, log, error, 'activity failed');
    }
  });

  for (const [path, html] of Object.entries(publicPages(deps.privacy))) {
    server.get(path, async (_req: Request, res: Response) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=3600' });
      res.end(html);
    });
  }

  if (deps.api) registerApi(server, deps.api);
  if (deps.tab) registerTab(server, deps.tab, deps.devHost ? { '/dev': { title: 'Hallway: local Teams host', page: 'dev-host' } } : {});
  deps.devHost?.register(server);

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (closing) {
      res.send(503, { status: 'stopping' });
      return;
    }
    try {
      await deps.ready();
      res.send(200, { status: 'ready' });
    } catch (error) {
      log.error({ err: { name: (error as Error)?.name } }, 'readiness check failed');
      res.send(503, { status: 'unavailable' });
    }
  });

  return {
    server,
    isClosing: () => closing,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
          const address = server.address();
          resolve({ port: address.port, address: address.address });
        });
      }),
    async close() {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      server.server.closeAllConnections();
      await stopped;
    },
  };
}
