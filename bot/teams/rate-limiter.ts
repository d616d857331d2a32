/**
 * Keeps Hallway inside Teams' documented bot limits, waiting instead of being throttled:
 * per conversation 7 messages / 1 s, 8 / 2 s, 60 / 30 s; per tenant a steady rate (50 requests / s
 * documented, older docs 30: the default is the safer 30).
 */
export const CONVERSATION_WINDOWS: [count: number, ms: number][] = [
  [7, 1000],
  [8, 2000],
  [60, 30_000],
];

export type RateLimiterOptions = {
  tenantPerSecond: number;
  conversationWindows?: [number, number][];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export class RateLimiter {
  private readonly conversations = new Map<string, number[]>();
  private readonly tenants = new Map<string, number[]>();
  /** Acquisitions are serialised per tenant, so waiting callers keep their order and never overshoot. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly windows: [number, number][];

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.windows = options.conversationWindows ?? CONVERSATION_WINDOWS;
  }

  /**
   * Resolves when one more request stays within every limit: the tenant's, and for messages
   * (posts, updates) the conversation's. Reads pass no conversation.
   */
  acquire(tenantId: string, conversationId?: string): Promise<void> {
    const turn = (this.queues.get(tenantId) ?? Promise.resolve()).then(() => this.take(tenantId, conversationId));
    const tail = turn.catch(() => undefined);
    this.queues.set(tenantId, tail);
    void tail.then(() => {
      if (this.queues.get(tenantId) === tail) this.queues.delete(tenantId);
    });
    return turn;
  }

  private async take(tenantId: string, conversationId: string | undefined): Promise<void> {
    const tenantWindows: [number, number][] = [[Math.max(1, Math.floor(this.options.tenantPerSecond)), 1000]];
    for (;;) {
      const now = this.now();
      const conversation = conversationId === undefined ? [] : this.history(this.conversations, conversationId, now);
      const tenant = this.history(this.tenants, tenantId, now);
      const windowWait = Math.max(waitFor(conversation, this.windows, now), waitFor(tenant, tenantWindows, now));
      if (windowWait > 0) {
        await this.sleep(windowWait);
        continue;
      }
      // Requests are also spaced evenly (a burst at a window's edge can arrive bunched up). The slot
      // is reserved before sleeping, so timer lateness never slows the pace below the rate.
      const slot = tenant.length > 0 ? Math.max(now, tenant[tenant.length - 1]! + 1000 / this.options.tenantPerSecond) : now;
      conversation.push(slot);
      tenant.push(slot);
      if (slot > now) await this.sleep(slot - now);
      return;
    }
  }

  /** Timestamps still inside the longest window, oldest first. */
  private history(map: Map<string, number[]>, key: string, now: number): number[] {
    let list = map.get(key);
    if (!list) {
      list = [];
      map.set(key, list);
      if (map.size > 50_000) map.delete(map.keys().next().value!);
    }
    const longest = 30_000;
    while (list.length > 0 && list[0]! <= now - longest) list.shift();
    return list;
  }
}

/** How long until one more event fits every (count, window) limit. */
function waitFor(events: number[], windows: [number, number][], now: number): number {
  let wait = 0;
  for (const [count, ms] of windows) {
    const inWindow = events.filter((t) => t > now - ms);
    if (inWindow.length >= count) wait = Math.max(wait, inWindow[inWindow.length - count]! + ms - now);
  }
  return wait;
}
