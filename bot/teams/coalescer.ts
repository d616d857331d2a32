export type CoalescerOptions = {
  intervalMs: number;
  /** Does the work for a key; it reads the latest state itself, so one run covers every change before it. */
  run: (key: string) => Promise<void>;
  now?: () => number;
  onError?: (key: string, error: unknown) => void;
};

type Slot = { lastRunAt: number; timer?: NodeJS.Timeout; running?: Promise<void>; dirty: boolean };

/**
 * At most one run per key per interval, and always one after the last change: a change during a
 * run schedules another. Used so a busy check-in updates its shared card every 2 s, not per answer.
 */
export class Coalescer {
  private readonly slots = new Map<string, Slot>();
  private readonly now: () => number;

  constructor(private readonly options: CoalescerOptions) {
    this.now = options.now ?? Date.now;
  }

  schedule(key: string): void {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { lastRunAt: -Infinity, dirty: false };
      this.slots.set(key, slot);
    }
    slot.dirty = true;
    if (slot.timer || slot.running) return;
    this.arm(key, slot);
  }

  /** Wakes up when the key's interval since its last run is over: to run if dirty, else to forget the key. */
  private arm(key: string, slot: Slot): void {
    const delay = Math.max(0, slot.lastRunAt + this.options.intervalMs - this.now());
    slot.timer = setTimeout(() => void this.runNow(key), delay);
  }

  private runNow(key: string): Promise<void> {
    const slot = this.slots.get(key);
    if (!slot) return Promise.resolve();
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    if (slot.running) return slot.running;
    if (!slot.dirty) {
      // A whole interval passed without a change: the next change may run at once.
      this.slots.delete(key);
      return Promise.resolve();
    }
    slot.dirty = false;
    slot.lastRunAt = this.now();
    slot.running = this.options
      .run(key)
      .catch((error) => this.options.onError?.(key, error))
      .finally(() => {
        slot.running = undefined;
        // Keep the slot (and lastRunAt) until the interval is over, so a change soon after a run waits its turn.
        this.arm(key, slot);
      });
    return slot.running;
  }

  /** Runs everything pending now and waits for it (shutdown). */
  async flush(): Promise<void> {
    while (this.slots.size > 0) {
      await Promise.all([...this.slots.keys()].map((key) => this.runNow(key)));
      for (const [key, slot] of this.slots) if (!slot.dirty && !slot.timer && !slot.running) this.slots.delete(key);
    }
  }

  get pending(): number {
    return this.slots.size;
  }
}
