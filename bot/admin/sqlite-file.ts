import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../storage/sqlite/migrations';

// Backup and restore of the SQLite file. A backup goes through SQLite's online backup API, so it is
// a consistent copy while the server runs and writes (WAL). A restore replaces the file, so it runs
// only while no server has the database open; it checks the copy before anything is replaced.

/** Tables every Hallway database has had since schema version 1: how a file is known to be Hallway's. */
const HALLWAY_TABLES = ['installations', 'checkin_sessions', 'checkin_answers', 'meeting_settings'];

export type FileCheck = { kind: 'ok'; schemaVersion: number; bytes: number } | { kind: 'missing' | 'not-hallway' | 'too-new' | 'damaged'; message: string };

/** Whether `path` is a Hallway database this build can open: its tables, a schema version it knows, intact pages. */
export function checkDatabaseFile(path: string): FileCheck {
  if (!existsSync(path) || !statSync(path).isFile()) return { kind: 'missing', message: `${path} does not exist` };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || !HALLWAY_TABLES.every((t) => tables.has(t))) {
      return { kind: 'not-hallway', message: `${path} is not a Hallway database (none of its tables, or no schema version)` };
    }
    if (version > MIGRATIONS.length) {
      return {
        kind: 'too-new',
        message: `${path} has schema version ${version}, newer than this Hallway's ${MIGRATIONS.length}: restore it with the version that wrote it`,
      };
    }
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') return { kind: 'damaged', message: `${path} failed SQLite's integrity check: ${String(integrity).slice(0, 200)}` };
    return { kind: 'ok', schemaVersion: version, bytes: statSync(path).size };
  } catch (error) {
    // Not a database at all ("file is not a database"), or unreadable.
    return { kind: 'not-hallway', message: `${path} cannot be read as a SQLite database (${(error as { code?: string }).code ?? 'error'})` };
  } finally {
    db?.close();
  }
}

export type BackupResult = { kind: 'backed-up'; file: string; schemaVersion: number; bytes: number } | { kind: 'refused'; message: string };

/**
 * Copies the live database at `databasePath` to `file`, consistently, while the server may be
 * running. Written beside `file` first and renamed into place, so `file` is never half a backup.
 */
export async function backupDatabase(databasePath: string, file: string): Promise<BackupResult> {
  const source = checkDatabaseFile(databasePath);
  if (source.kind !== 'ok') return { kind: 'refused', message: source.message };
  if (resolve(file) === resolve(databasePath)) return { kind: 'refused', message: 'the backup file must not be the database itself' };
  if (!existsSync(dirname(resolve(file)))) return { kind: 'refused', message: `the folder of ${file} does not exist` };
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } finally {
    db.close();
  }
  // The copy keeps the source's WAL mode flag; fold anything it wrote to its own log into it, so the
  // backup is one self-contained file.
  const copy = new Database(partial);
  copy.pragma('wal_checkpoint(TRUNCATE)');
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const check = checkDatabaseFile(partial);
  if (check.kind !== 'ok') {
    rmSync(partial, { force: true });
    return { kind: 'refused', message: `the copy did not check out: ${check.message}` };
  }
  renameSync(partial, file);
  return { kind: 'backed-up', file, schemaVersion: check.schemaVersion, bytes: check.bytes };
}

export type RestoreResult = { kind: 'restored'; schemaVersion: number; bytes: number } | { kind: 'refused'; message: string };

/**
 * Replaces the database at `databasePath` with the backup `file`, after checking the backup is a
 * Hallway database this build can open (it is migrated forward when the server next starts).
 * Refuses while anything (a running server) has the database open. The replacement is atomic: the
 * backup is copied beside the database and renamed over it; the old file's log is folded in and
 * removed first, so no write-ahead log of the old file can be replayed onto the restored one.
 */
export async function restoreDatabase(databasePath: string, file: string): Promise<RestoreResult> {
  const backup = checkDatabaseFile(file);
  if (backup.kind !== 'ok') return { kind: 'refused', message: backup.message };
  if (resolve(file) === resolve(databasePath)) return { kind: 'refused', message: 'the backup file is the database itself' };
  if (existsSync(databasePath)) {
    const held = takeOver(databasePath);
    if (held) return { kind: 'refused', message: held };
  }
  mkdirSync(dirname(resolve(databasePath)), { recursive: true }); // a new machine: the folder may not exist yet
  const incoming = `${databasePath}.restoring`;
  rmSync(incoming, { force: true });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming);
  } finally {
    source.close();
  }
  const copy = new Database(incoming);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  for (const leftover of [`${databasePath}-wal`, `${databasePath}-shm`, `${databasePath}-journal`]) rmSync(leftover, { force: true });
  renameSync(incoming, databasePath);
  return { kind: 'restored', schemaVersion: backup.schemaVersion, bytes: statSync(databasePath).size };
}

/**
 * Takes the database for ourselves, or says who has it: an exclusive lock fails at once while any
 * other connection (a running server) has the file open. With it, the old file's log is folded in.
 */
function takeOver(databasePath: string): string | undefined {
  const db = new Database(databasePath, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
    return undefined;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      return `${databasePath} is in use: stop Hallway (every instance using this file) before restoring, then start it again`;
    }
    return `${databasePath} cannot be replaced safely (${(error as { code?: string }).code ?? 'error'})`;
  } finally {
    db.close();
  }
}
