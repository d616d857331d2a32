import type { Logger } from '../log';

export type Job = { name: string; run: () => Promise<void> };

/**
 * Runs the scheduled work (due coffee rounds, follow-ups, unfinished deliveries) every interval,
 * never two ticks at once. Each job claims its work through storage, so several instances and
 * restarts never do a piece of work twice; this only decides when to look.
 */
export class Scheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly jobs: Job[],
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass over every job now (also what tests call). */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      for (const job of this.jobs) {
        if (this.stopped) break;
        try {
          await job.run();
        } catch (error) {
          this.log.error({ job: job.name, err: { name: (error as Error)?.name, stack: (error as Error)?.stack } }, 'scheduled job failed');
        }
      }
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops looking for work and waits for the current pass. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
