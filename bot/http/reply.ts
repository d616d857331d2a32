import type { Response } from 'restify';

/** A client-facing error: a fixed code and a message a person can act on, never internal detail. */
export function fail(res: Response, status: number, code: string, message: string, headers?: Record<string, string>): void {
  if (headers) for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.send(status, { error: { code, message } });
}
