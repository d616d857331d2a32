import { z } from 'zod';
import { isLoopbackHttpUrl } from './http/loopback';

/** The kinds of value a setting can hold, each parsed once and refused with a message that says what is expected. */

export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra ID (application, client or tenant) id: a GUID. */
export const guid = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (GUID.test(v)) return v;
      ctx.addIssue({ code: 'custom', message: `must be ${what}: a GUID such as 8f0a6c1e-0000-4000-8000-00000000b0b0 (got ${JSON.stringify(v.slice(0, 60))})` });
      return z.NEVER;
    });

/** A DNS name of at least two labels, nothing else: no scheme, port, path or trailing dot. Linear: one pass per label. */
export function isBareHostName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  return labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label)) && /^[a-z]{2,63}$/i.test(labels.at(-1)!);
}

export const hostName = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    if (isBareHostName(v)) return v;
    ctx.addIssue({
      code: 'custom',
      message: `must be a host name only (no scheme, port or path), e.g. hallway.contoso.com (got ${JSON.stringify(v.slice(0, 80))})`,
    });
    return z.NEVER;
  });

/**
 * Where keys, tokens and data come from: https, so nobody on the network can swap them; plain http
 * only on this machine (a local token issuer, Azurite).
 */
export const securityUrl = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    if (URL.canParse(v) && (new URL(v).protocol === 'https:' || isLoopbackHttpUrl(v))) return v;
    ctx.addIssue({ code: 'custom', message: 'must be an https:// URL (http:// only on this machine: localhost, 127.0.0.1, ::1)' });
    return z.NEVER;
  });

export const booleanText = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

export const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** One of a few names, in any case (unset when empty); the message lists them. */
export const oneOf = <const T extends readonly [string, ...string[]]>(names: T) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): T[number] | undefined => {
      if (v === undefined || v === '') return undefined;
      const found = names.find((name) => name.toLowerCase() === v.toLowerCase());
      if (found) return found;
      ctx.addIssue({ code: 'custom', message: `must be one of ${names.join(', ')} (got ${JSON.stringify(v.slice(0, 40))})` });
      return z.NEVER;
    });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
