import type { TransactionAction } from '@azure/data-tables';
import { MAX_BATCH, type NewEntity, type Table } from './azure-table';

type Pending = { entity: NewEntity; done: (inserted: boolean) => void; fail: (error: unknown) => void };

/**
 * Inserts into one table that arrive together go as one entity-group transaction per partition.
 * When a large meeting answers at once, every answer is an insert into its check-in's partition;
 * while one batch is on its way, the answers that arrive meanwhile wait and go together in the
 * next (at most MAX_BATCH, one row per key), so a burst costs a request per batch rather than per
 * answer, and a lone answer goes at once, as a plain insert.
 *
 * Each caller learns what happened to its own row: true when inserted, false when a row with its
 * keys was already there. A transaction is all or nothing, so when one fails (a row was there, or
 * the service refused it) its rows are inserted one by one, and each caller gets its own outcome.
 */
export class BatchedInserts {
  /** Waiting inserts, and whether a batch is on its way, per partition. */
  private readonly partitions = new Map<string, { waiting: Pending[]; sending: boolean }>();

  constructor(private readonly table: Table) {}

  insert(entity: NewEntity): Promise<boolean> {
    return new Promise((done, fail) => {
      let partition = this.partitions.get(entity.partitionKey);
      if (!partition) {
        partition = { waiting: [], sending: false };
        this.partitions.set(entity.partitionKey, partition);
      }
      partition.waiting.push({ entity, done, fail });
      if (!partition.sending) void this.send(entity.partitionKey, partition);
    });
  }

  private async send(pk: string, partition: { waiting: Pending[]; sending: boolean }): Promise<void> {
    partition.sending = true;
    while (partition.waiting.length > 0) {
      const batch = takeBatch(partition.waiting);
      await (batch.length === 1 ? this.alone(batch[0]!) : this.together(batch));
    }
    partition.sending = false;
    this.partitions.delete(pk);
  }

  private async together(batch: Pending[]): Promise<void> {
    let committed = false;
    try {
      committed = await this.table.transact(batch.map((p) => ['create', p.entity] as TransactionAction));
    } catch {
      // Refused as a whole (one row too large, say): each row alone below, so only its own caller fails.
    }
    if (committed) {
      for (const p of batch) p.done(true);
      return;
    }
    await Promise.all(batch.map((p) => this.alone(p)));
  }

  private async alone(p: Pending): Promise<void> {
    try {
      p.done(await this.table.create(p.entity));
    } catch (error) {
      p.fail(error);
    }
  }
}

/** The next batch: the oldest waiting inserts, at most MAX_BATCH, no two with the same row key (a transaction refuses that). */
function takeBatch(waiting: Pending[]): Pending[] {
  const batch: Pending[] = [];
  const rest: Pending[] = [];
  const keys = new Set<string>();
  for (const p of waiting) {
    if (batch.length < MAX_BATCH && !keys.has(p.entity.rowKey)) {
      keys.add(p.entity.rowKey);
      batch.push(p);
    } else rest.push(p);
  }
  waiting.length = 0;
  waiting.push(...rest);
  return batch;
}
