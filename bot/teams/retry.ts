/** Statuses the Bot Connector uses for "try again later". */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

export type RetryOptions = {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
};

/**
 * botbuilder's HTTP pipeline already retries 429/5xx three times (honouring Retry-After) before an
 * error reaches us; this outer layer adds 412 and a last, longer wait for a throttled tenant.
 */
export const DEFAULT_RETRY: RetryOptions = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The HTTP status of a failed connector call, whatever shape the error has. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After in ms (seconds or an HTTP date), when the connector sent one. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | undefined)?.response?.headers as
    | { get?: (name: string) => string | undefined | null }
    | Record<string, string>
    | undefined;
  if (!headers) return undefined;
  const raw =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get: (n: string) => string | undefined | null }).get('retry-after')
      : (headers as Record<string, string>)['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Runs a connector call, retrying throttling and gateway errors with exponential backoff and full
 * jitter, honouring Retry-After. Other errors (and the last attempt's) are thrown.
 */
export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= options.attempts || status === undefined || !RETRYABLE.has(status)) throw error;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + options.random() * (backoff / 2);
      const wait = Math.min(options.maxDelayMs, Math.max(jittered, retryAfterMs(error) ?? 0));
      await options.sleep(wait);
    }
  }
}
