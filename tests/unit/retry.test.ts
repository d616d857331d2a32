import { retryAfterMs, statusOf, withRetries, type RetryOptions } from '../../bot/teams/retry';

/** An error shaped like botbuilder's RestError from the Bot Connector. */
function connectorError(statusCode: number, headers?: Record<string, string>) {
  return Object.assign(new Error(`connector answered ${statusCode}`), {
    statusCode,
    response: { status: statusCode, headers: headers ?? {} },
  });
}

/** A call that fails with the given errors in turn, then succeeds with 'sent'. */
function flaky(...failures: unknown[]) {
  const call = jest.fn(async () => {
    const next = failures[call.mock.calls.length - 1];
    if (next !== undefined) throw next;
    return 'sent';
  });
  return call;
}

function options(overrides: Partial<RetryOptions> = {}) {
  const waits: number[] = [];
  const opts: RetryOptions = {
    attempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
  return { opts, waits };
}

describe('sending to Teams when it says "try again later"', () => {
  test.each([429, 412, 502, 503, 504])('a %i is retried and the message still goes out', async (status) => {
    const call = flaky(connectorError(status), connectorError(status));
    const { opts, waits } = options();
    await expect(withRetries(call, opts)).resolves.toBe('sent');
    expect(call).toHaveBeenCalledTimes(3);
    expect(waits).toHaveLength(2);
  });

  test.each([
    ['statusCode', { statusCode: 429 }],
    ['status', { status: 503 }],
    ['response.status', { response: { status: 502 } }],
  ])('the status is found on %s', async (_, error) => {
    const call = flaky(error);
    await expect(withRetries(call, options().opts)).resolves.toBe('sent');
    expect(call).toHaveBeenCalledTimes(2);
  });

  test('waits grow exponentially, with jitter between half and all of the backoff', async () => {
    const failures = Array.from({ length: 4 }, () => connectorError(503));
    const low = options({ random: () => 0 });
    await withRetries(flaky(...failures), low.opts);
    expect(low.waits).toEqual([250, 500, 1000, 2000]);

    const high = options({ random: () => 0.999999 });
    await withRetries(flaky(...failures), high.opts);
    expect(high.waits).toEqual([500, 1000, 2000, 4000].map((ms) => expect.closeTo(ms, 0)));
  });

  test('no wait is longer than the maximum delay', async () => {
    const { opts, waits } = options({ attempts: 10, maxDelayMs: 3000, random: () => 0.999999 });
    await withRetries(flaky(...Array.from({ length: 9 }, () => connectorError(429))), opts);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3000);
  });

  test('a Retry-After in seconds is honoured when it is longer than the backoff', async () => {
    const { opts, waits } = options();
    const call = flaky(connectorError(429, { 'retry-after': '7' }), connectorError(429, { 'retry-after': '0' }));
    await expect(withRetries(call, opts)).resolves.toBe('sent');
    expect(waits).toEqual([7000, 750]);
  });

  test('a Retry-After given through a Headers object is honoured too', async () => {
    const { opts, waits } = options();
    const error = { statusCode: 429, response: { status: 429, headers: new Headers({ 'Retry-After': '3' }) } };
    await withRetries(flaky(error), opts);
    expect(waits).toEqual([3000]);
  });

  test('a Retry-After given as an HTTP date is read as the time until then', () => {
    const now = Date.parse('2026-11-27T09:00:00Z');
    const error = connectorError(503, { 'retry-after': 'Fri, 27 Nov 2026 09:00:12 GMT' });
    expect(retryAfterMs(error, now)).toBe(12_000);
    expect(retryAfterMs(connectorError(503, { 'retry-after': 'Fri, 27 Nov 2026 08:59:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(connectorError(503, { 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(connectorError(503), now)).toBeUndefined();
  });

  test('gives up after the configured number of attempts and reports the last error', async () => {
    const errors = Array.from({ length: 10 }, (_, i) => connectorError(503, { 'x-attempt': String(i + 1) }));
    const call = flaky(...errors);
    const { opts, waits } = options({ attempts: 4 });
    await expect(withRetries(call, opts)).rejects.toBe(errors[3]);
    expect(call).toHaveBeenCalledTimes(4);
    expect(waits).toHaveLength(3);
  });

  test('with a single attempt, nothing is retried', async () => {
    const call = flaky(connectorError(429));
    const { opts, waits } = options({ attempts: 1 });
    await expect(withRetries(call, opts)).rejects.toMatchObject({ statusCode: 429 });
    expect(call).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });
});

describe('errors that retrying cannot fix', () => {
  test.each([
    ['a 400 (bad request)', connectorError(400)],
    ['a 401 (unauthorised)', connectorError(401)],
    ['a 403 (bot removed from the chat)', connectorError(403)],
    ['a 404 (conversation gone)', connectorError(404)],
    ['a 500', connectorError(500)],
    ['an error without a status', new Error('socket hang up')],
    ['a thrown string', 'boom'],
  ])('%s fails at once, without waiting', async (_, error) => {
    const call = flaky(error);
    const { opts, waits } = options();
    await expect(withRetries(call, opts)).rejects.toBe(error);
    expect(call).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  test('a status written as text is not mistaken for one', () => {
    expect(statusOf({ statusCode: '429' })).toBeUndefined();
    expect(statusOf(undefined)).toBeUndefined();
  });
});
