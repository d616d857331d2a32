import { randomUUID } from 'node:crypto';
import type { Response } from 'restify';
import type { Logger } from '../log';

/** A client-facing error: a fixed code and a message a person can act on, never internal detail. */
export function fail(res: Response, status: number, code: string, message: string, headers?: Record<string, string>): void {
  if (headers) for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.send(status, { error: { code, message } });
}

/** The body of an unexpected failure: a reference to quote, the details only in the log line that carries it. */
export function internalError(correlationId: string) {
  return { error: { code: 'InternalError', message: `Something went wrong. Reference: ${correlationId}` } };
}

/**
 * Logs an unexpected failure under a new reference and answers 500 with that reference. An answer
 * already begun cannot get a second status line: a half-sent one is cut, a finished one stays.
 */
export function failUnexpected(res: Response, log: Logger, error: unknown, what: string): void {
  const correlationId = randomUUID();
  log.error({ correlationId, err: { name: (error as Error)?.name, stack: (error as Error)?.stack } }, what);
  if (!res.headersSent) res.send(500, internalError(correlationId));
  else if (!res.writableEnded) res.destroy();
}
