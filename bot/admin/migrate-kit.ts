import type Database from 'better-sqlite3';
import type { Storage } from '../storage/ports';

// What the migration's steps share: how an item is counted, and how two drivers' answers compare.

export type Counts = { read: number; written: number; unchanged: number; skipped: number };

export type StepContext = {
  count(kind: string): Counts;
  /** Both sides hold the item and differ in a way no port can change: reported, left as it is. */
  conflict(what: string): void;
};

export type Step = {
  /** Also the kind its items are counted under. */
  name: string;
  /** Every item's key, in a stable order (the checkpoint names the last one done). */
  keys(db: Database.Database): string[];
  copy(key: string, source: Source, target: Storage, ctx: StepContext): Promise<void>;
};

/** Compares what two drivers return: key order and left-out fields do not matter, dates compare as instants. */
export function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) if ((v as Record<string, unknown>)[k] !== undefined) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** Counts one item read, and whether this run wrote it. */
export function tally(ctx: StepContext, kind: string, written: boolean): void {
  const c = ctx.count(kind);
  c.read++;
  if (written) c.written++;
  else c.unchanged++;
}

export const column = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (
    db
      .prepare(sql)
      .pluck()
      .all(...params) as string[]
  ).map(String);

/** The SQLite file being copied: its driver's ports, and the connection for listing keys. */
export type Source = { db: Database.Database; storage: Storage };
