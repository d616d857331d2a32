import { randomUUID } from 'node:crypto';
import type { Response } from 'restify';
import { type ApiMessageId, apiText } from '../i18n/api';
import { acceptLanguageTags, negotiateLocale } from '../i18n/locales';
import type { MessageValues } from '../i18n/translate';
import type { Logger } from '../log';

/** A refusal a person may read (in the tab): a message of the API catalogue, said in the caller's language. */
export type Said = { id: ApiMessageId; values?: MessageValues };

/**
 * A client-facing error: a fixed code and a message a person can act on, never internal detail. A
 * `Said` message is in the language the request asks for (`Accept-Language`, as the tab sends its
 * own), else English; a plain string (a malformed request, which only programs send) stays as it is.
 */
export function fail(res: Response, status: number, code: string, message: string | Said, headers?: Record<string, string>): void {
  if (headers) for (const [name, value] of Object.entries(headers)) res.header(name, value);
  const text = typeof message === 'string' ? message : apiText.format(callerLocale(res), message.id, message.values);
  if (typeof message !== 'string') res.header('vary', 'accept-language');
  res.send(status, { error: { code, message: text } });
}

/** The language the request behind `res` asks for; English when it names none Hallway speaks. */
function callerLocale(res: Response) {
  const header = (res as Response & { req?: { headers?: Record<string, string | string[] | undefined> } }).req?.headers?.['accept-language'];
  return negotiateLocale(...acceptLanguageTags(typeof header === 'string' ? header : undefined));
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
