/**
 * Writes that arrive together are committed together. When a large meeting answers at once, each
 * answer on its own is a transaction and a write to the WAL; the answers that reach storage in the
 * same turn of the event loop share one. Every caller still waits for its write to be committed.
 * If the shared transaction fails, each write is tried alone, so one bad write fails only its caller.
 */
export class GroupCommit<T> {
  private pending: { item: T; done: () => void; fail: (error: unknown) => void }[] = [];

  constructor(private readonly commit: (items: T[]) => void) {}

  add(item: T): Promise<void> {
    return new Promise((done, fail) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ item, done, fail });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    try {
      this.commit(batch.map((entry) => entry.item));
    } catch (error) {
      if (batch.length === 1) batch[0]!.fail(error);
      else for (const entry of batch) this.commitAlone(entry);
      return;
    }
    for (const entry of batch) entry.done();
  }

  private commitAlone(entry: { item: T; done: () => void; fail: (error: unknown) => void }): void {
    try {
      this.commit([entry.item]);
    } catch (error) {
      entry.fail(error);
      return;
    }
    entry.done();
  }
}
