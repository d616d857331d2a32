import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { fail } from './reply';

/**
 * Request intake: the only reader of request bodies (it replaces restify's bodyParser). A route
 * gets exactly what it expects, a JSON value in `req.body` (or nothing), or the request is refused
 * with a 4xx before the handler runs:
 *
 * - JSON only: `Content-Type: application/json`, optionally `; charset=utf-8`. Forms, multipart
 *   uploads and text are refused (415), so nothing is ever written to disk.
 * - Identity encoding only: any `Content-Encoding` but `identity` is refused (415). Decided: refuse
 *   rather than decompress. Neither the Bot Connector nor the tab compresses requests, and
 *   decompressing would put a zlib stream (and its errors) and a second, inflated size limit in
 *   front of authentication for nobody's benefit.
 * - At most `maxBodyBytes`, counted on the bytes actually read: a declared Content-Length over it
 *   is refused before reading (413); a body that passes it while streaming is refused at once and
 *   the rest is never read.
 * - A body that stops arriving for `bodyIdleMs` is refused (408). Slow headers and a request that
 *   takes too long as a whole are Node's to end (headersTimeout, requestTimeout in server.ts).
 *
 * GET, HEAD and OPTIONS routes never read a body.
 */
export type IntakeLimits = { maxBodyBytes: number; bodyIdleMs: number };

type Refusal = { status: 400 | 408 | 413 | 415; code: string; message: string };

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a refused sender has to read the answer before its connection is cut (Apache lingers 2 s too). */
const LINGER_MS = 2000;

const NOT_JSON: Refusal = {
  status: 415,
  code: 'UnsupportedMediaType',
  message: 'Send JSON (Content-Type: application/json). Forms, file uploads and other types are not accepted.',
};
const ENCODED: Refusal = {
  status: 415,
  code: 'UnsupportedMediaType',
  message: 'Send the body uncompressed: Hallway accepts no Content-Encoding.',
};
const SLOW: Refusal = { status: 408, code: 'RequestTimeout', message: 'The request body arrived too slowly.' };
const INVALID_JSON: Refusal = { status: 400, code: 'BadRequest', message: 'The request body is not valid JSON.' };
const tooLarge = (max: number): Refusal => ({
  status: 413,
  code: 'PayloadTooLarge',
  message: `The request body is too large (at most ${max} bytes).`,
});

export function jsonIntake(limits: IntakeLimits): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const declared = declaredLength(req.headers);
    if (!METHODS_WITH_BODY.has(req.method ?? '')) {
      // Not read; rather than drain whatever was sent, the connection closes after the answer.
      if (declared !== 0) res.setHeader('Connection', 'close');
      return next();
    }
    if (declared === 0) return next();
    const early = refusalFromHeaders(req.headers, declared, limits.maxBodyBytes);
    if (early) return refuse(res, next, early);
    readBody(req, limits, (read) => {
      if (read.kind === 'gone') return next(false);
      if (read.kind === 'refused') return refuse(res, next, read.refusal);
      if (read.bytes.length === 0) return next();
      const body = parseJson(read.bytes);
      if (body.kind === 'invalid') {
        fail(res, INVALID_JSON.status, INVALID_JSON.code, INVALID_JSON.message);
        return next(false);
      }
      req.body = body.value;
      return next();
    });
  };
}

/** 0 when there is no body; undefined when it is chunked (its length is known only once read). */
function declaredLength(headers: IncomingHttpHeaders): number | undefined {
  if (headers['transfer-encoding'] !== undefined) return undefined;
  // Node's parser has already refused a Content-Length that is not a number.
  return headers['content-length'] === undefined ? 0 : Number(headers['content-length']);
}

function refusalFromHeaders(headers: IncomingHttpHeaders, declared: number | undefined, max: number): Refusal | undefined {
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return ENCODED;
  if (!isJsonType(headers['content-type'])) return NOT_JSON;
  if (declared !== undefined && declared > max) return tooLarge(max);
  return undefined;
}

/** `application/json` with at most a utf-8 charset; split, not a regex, so the cost stays linear. */
function isJsonType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';');
  if (type!.trim().toLowerCase() !== 'application/json') return false;
  return params.every((param) => {
    const at = param.indexOf('=');
    if (at < 0) return false;
    const name = param.slice(0, at).trim().toLowerCase();
    const value = param
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    return name === 'charset' && value === 'utf-8';
  });
}

type Read = { kind: 'ok'; bytes: Buffer } | { kind: 'refused'; refusal: Refusal } | { kind: 'gone' };

/** Reads the body into memory, never past the limit, and stops reading at the first refusal. */
function readBody(req: Request, limits: IntakeLimits, done: (read: Read) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const timer = setTimeout(() => settle({ kind: 'refused', refusal: SLOW }), limits.bodyIdleMs);
  timer.unref();

  function settle(read: Read) {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
    // The error listener stays: a reset after this point must not become an uncaught 'error'.
    if (read.kind !== 'ok') req.pause();
    chunks.length = 0;
    done(read);
  }
  function onData(chunk: Buffer) {
    received += chunk.length;
    if (received > limits.maxBodyBytes) return settle({ kind: 'refused', refusal: tooLarge(limits.maxBodyBytes) });
    chunks.push(chunk);
    timer.refresh();
  }
  function onEnd() {
    settle({ kind: 'ok', bytes: Buffer.concat(chunks, received) });
  }
  function onClose() {
    settle({ kind: 'gone' });
  }
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('close', onClose);
  req.on('error', () => settle({ kind: 'gone' }));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Buffer): { kind: 'ok'; value: unknown } | { kind: 'invalid' } {
  try {
    return { kind: 'ok', value: JSON.parse(utf8.decode(bytes)) };
  } catch {
    return { kind: 'invalid' };
  }
}

/** Answers before the body is read (or all of it): the connection closes rather than drain the rest. */
function refuse(res: Response, next: Next, refusal: Refusal): void {
  lingerBeforeClosing(res.socket);
  fail(res, refusal.status, refusal.code, refusal.message, { connection: 'close' });
  next(false);
}

/**
 * Node destroys a `Connection: close` socket as soon as the answer is written. A sender still
 * writing its body then meets a reset, which can throw away the answer before it reads it. Instead
 * the socket is half-closed, left unread (nothing more is taken in), and destroyed after LINGER_MS
 * or when the sender closes, whichever is first.
 */
function lingerBeforeClosing(socket: Socket | null): void {
  if (!socket) return;
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end();
    setTimeout(() => this.destroy(), LINGER_MS).unref();
  };
}
