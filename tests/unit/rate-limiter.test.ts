import { CONVERSATION_WINDOWS, RateLimiter } from '../../bot/teams/rate-limiter';

/**
 * Virtual time: `sleep` registers a timer and the clock only moves when `settle` jumps to the
 * earliest timer, after every promise that can make progress has. Nothing waits for real time.
 */
function virtualTime(start = 1_000_000) {
  let now = start;
  let order = 0;
  const timers: { at: number; order: number; wake: () => void }[] = [];
  const drain = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + Math.max(0, ms), order: order++, wake });
      }),
    /** Runs virtual time forward until `work` settles. */
    async settle<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const watched = work.finally(() => {
        done = true;
      });
      for (;;) {
        await drain();
        if (done) return watched;
        if (timers.length === 0) throw new Error('nothing left to wait for, but the work is not done');
        timers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

type Time = ReturnType<typeof virtualTime>;

function limiterOn(time: Time, tenantPerSecond: number) {
  return new RateLimiter({ tenantPerSecond, now: time.now, sleep: time.sleep });
}

/** Starts `count` acquisitions at once and records when each one is let through. */
function acquireMany(time: Time, limiter: RateLimiter, count: number, tenantId: string, conversationId?: string): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire(tenantId, conversationId).then(() => time.now())));
}

/** The most events in any window of `ms` (an event at t counts in [t, t + ms)). */
function busiest(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('per tenant', () => {
  test('100 requests at 50 per second never put more than 50 in any second', async () => {
    const time = virtualTime();
    const times = await time.settle(acquireMany(time, limiterOn(time, 50), 100, 'tenant-1'));
    expect(times).toHaveLength(100);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(50);
  });

  test('requests are spread out, at least 20 ms apart at 50 per second, and in the order they came', async () => {
    const time = virtualTime();
    const start = time.now();
    const times = await time.settle(acquireMany(time, limiterOn(time, 50), 100, 'tenant-1'));
    expect(times).toHaveLength(100);
    expect(times[0]).toBe(start);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(20);
  });

  test('the limiter does not hold requests back more than the rate requires', async () => {
    const time = virtualTime();
    const start = time.now();
    const times = await time.settle(acquireMany(time, limiterOn(time, 50), 100, 'tenant-1'));
    // 100 requests at 50/s: the last one goes about two seconds after the first, not much later.
    expect(times[99]! - start).toBeLessThanOrEqual(2000);
  });

  test('a request after a quiet spell goes straight through', async () => {
    const time = virtualTime();
    const limiter = limiterOn(time, 50);
    await time.settle(acquireMany(time, limiter, 60, 'tenant-1'));
    await time.settle(time.sleep(5000));
    const before = time.now();
    await time.settle(limiter.acquire('tenant-1'));
    expect(time.now()).toBe(before);
  });

  test('at 30 per second (the safer, older documented limit) every second holds at most 30', async () => {
    const time = virtualTime();
    const times = await time.settle(acquireMany(time, limiterOn(time, 30), 90, 'tenant-1'));
    expect(times).toHaveLength(90);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(1000 / 30 - 1e-9);
  });
});

describe('per conversation (messages)', () => {
  test('Teams’ documented limits are the ones used', () => {
    expect(CONVERSATION_WINDOWS).toEqual([
      [7, 1000],
      [8, 2000],
      [60, 30_000],
    ]);
  });

  test('messages to one chat never exceed 7 in a second, 8 in two seconds, 60 in thirty seconds', async () => {
    const time = virtualTime();
    const times = await time.settle(acquireMany(time, limiterOn(time, 50), 130, 'tenant-1', 'a:1personal-chat'));
    expect(times).toHaveLength(130);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(7);
    expect(busiest(times, 2000)).toBeLessThanOrEqual(8);
    expect(busiest(times, 30_000)).toBeLessThanOrEqual(60);
  });

  test('the first burst to a chat goes out at the tenant pace, without waiting for the chat limits', async () => {
    const time = virtualTime();
    const start = time.now();
    const times = await time.settle(acquireMany(time, limiterOn(time, 50), 7, 'tenant-1', 'a:1personal-chat'));
    expect(times.map((t) => t - start)).toEqual([0, 20, 40, 60, 80, 100, 120]);
  });

  test('messages to different chats of one tenant are only held to the tenant pace', async () => {
    const time = virtualTime();
    const limiter = limiterOn(time, 50);
    const start = time.now();
    const times = await time.settle(Promise.all(Array.from({ length: 40 }, (_, i) => limiter.acquire('tenant-1', `a:chat-${i}`).then(() => time.now()))));
    expect(times[39]! - start).toBeLessThanOrEqual(40 * 20);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(50);
  });

  test('reads (no conversation) are only limited by the tenant, even right after a chat hit its limit', async () => {
    const time = virtualTime();
    const limiter = limiterOn(time, 50);
    const start = time.now();
    await time.settle(acquireMany(time, limiter, 7, 'tenant-1', 'a:1personal-chat'));
    const reads = await time.settle(acquireMany(time, limiter, 20, 'tenant-1'));
    // Eight or more requests inside the first second: a chat could not have had them.
    expect(reads[reads.length - 1]! - start).toBeLessThan(1000);
    for (const gap of gaps(reads)) expect(gap).toBeGreaterThanOrEqual(20);
    expect(busiest(reads, 1000)).toBeGreaterThan(7);
  });
});

describe('tenants are independent', () => {
  test('a busy tenant does not slow another down', async () => {
    const time = virtualTime();
    const limiter = limiterOn(time, 50);
    const start = time.now();
    const [busy, other] = await time.settle(Promise.all([acquireMany(time, limiter, 100, 'tenant-busy'), acquireMany(time, limiter, 100, 'tenant-other')]));
    // Each tenant alone would take about two seconds for 100; together they still do.
    expect(busy[99]! - start).toBeLessThanOrEqual(2000);
    expect(other[99]! - start).toBeLessThanOrEqual(2000);
    // The other tenant's first request did not queue behind the busy one's hundred.
    expect(other[0]).toBe(start);
    expect(busiest(busy, 1000)).toBeLessThanOrEqual(50);
    expect(busiest(other, 1000)).toBeLessThanOrEqual(50);
  });

  test('a tenant that used up its second does not make the next tenant wait', async () => {
    const time = virtualTime();
    const limiter = limiterOn(time, 50);
    await time.settle(acquireMany(time, limiter, 50, 'tenant-1'));
    const before = time.now();
    await time.settle(limiter.acquire('tenant-2', 'a:1personal-chat'));
    expect(time.now()).toBe(before);
  });
});
