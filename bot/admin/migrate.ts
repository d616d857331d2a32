import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Storage } from '../storage/ports';
import type { Counts, Step } from './migrate-kit';
import { COPIED_TABLES, MIGRATION_STEPS } from './migrate-steps';

// Copies a SQLite database into Azure Tables through the storage ports: rows are read from the
// SQLite driver and written through the Azure driver's own operations, so the Azure layout (keys,
// claim rows, indexes, the people index forget me uses) is exactly what that driver writes itself.
//
// Idempotent: every item is compared with what the target already holds (read back through the
// same ports) and written only when it differs, so a second run writes nothing.
// Resumable: after each item the checkpoint file records the last one done per step; a run that
// finds a checkpoint continues after it. A complete run deletes its checkpoint.

export type MigrationSource = { db: Database.Database; storage: Storage };

export type MigrationReport = {
  /** Per kind of item: read from SQLite, written to Azure Tables, found identical there; skipped: done by an interrupted run. */
  counts: Record<string, Counts>;
  /** Items that exist in both but differ in a way the ports cannot change (reported, left as they are). */
  conflicts: string[];
  /** Tables of the SQLite file this migration does not copy, with their row counts (empty when everything was copied). */
  notCopied: Record<string, number>;
  resumed: boolean;
};

type Checkpoint = { steps: Record<string, string> };

/** Runs every step; throws on a failure (the checkpoint keeps what was done, so running again continues). */
export async function migrateToAzure(source: MigrationSource, target: Storage, checkpointFile: string): Promise<MigrationReport> {
  const checkpoint: Checkpoint = existsSync(checkpointFile) ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as Checkpoint) : { steps: {} };
  const report: MigrationReport = { counts: {}, conflicts: [], notCopied: notCopied(source.db), resumed: Object.keys(checkpoint.steps).length > 0 };
  const count = (kind: string) => {
    report.counts[kind] ??= { read: 0, written: 0, unchanged: 0, skipped: 0 };
    return report.counts[kind];
  };
  for (const step of MIGRATION_STEPS) await runStep(step, source, target, checkpoint, checkpointFile, count, report.conflicts);
  rmSync(checkpointFile, { force: true });
  return report;
}

async function runStep(
  step: Step,
  source: MigrationSource,
  target: Storage,
  checkpoint: Checkpoint,
  checkpointFile: string,
  count: (kind: string) => Counts,
  conflicts: string[],
): Promise<void> {
  const keys = step.keys(source.db);
  const done = checkpoint.steps[step.name];
  // Keys come in a stable order; an interrupted run's last key tells where to go on. A key no longer
  // there (the file changed since) starts the step again, which is safe: every item is compared.
  const from = done === undefined ? 0 : keys.indexOf(done) + 1;
  count(step.name).skipped += from;
  for (const itemKey of keys.slice(from)) {
    await step.copy(itemKey, source, target, { count, conflict: (what) => conflicts.push(`${step.name} ${itemKey}: ${what}`) });
    checkpoint.steps[step.name] = itemKey;
    save(checkpointFile, checkpoint);
  }
}

/** Written beside and renamed into place, so an interruption never leaves half a checkpoint. */
function save(file: string, checkpoint: Checkpoint): void {
  writeFileSync(`${file}.partial`, JSON.stringify(checkpoint));
  renameSync(`${file}.partial`, file);
}

function notCopied(db: Database.Database): Record<string, number> {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
    (t) => t.name,
  );
  const out: Record<string, number> = {};
  for (const table of tables) {
    if (COPIED_TABLES.has(table)) continue;
    const rows = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    if (rows > 0) out[table] = rows;
  }
  return out;
}
