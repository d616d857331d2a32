import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Storage } from '../ports';
import { MIGRATIONS } from './migrations';
import { sqliteBreaks } from './sqlite-breaks';
import { sqliteCheckIns } from './sqlite-check-ins';
import { sqliteDays } from './sqlite-days';
import { sqliteInstallations } from './sqlite-installations';
import { sqliteJobs } from './sqlite-jobs';
import { sqliteMeetingSettings } from './sqlite-meeting-settings';
import { eraseLog, sqlitePrivacy } from './sqlite-privacy';
import { sqliteProgrammes } from './sqlite-programmes';
import { sqliteRounds } from './sqlite-rounds';
import { sqlitePulse } from './sqlite-pulse';

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openSqliteStorage(path: string): Storage {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not only unlinked: a forgotten person's name or an
  // expired note cannot be read back from the file's free space (see eraseLog for the WAL).
  db.pragma('secure_delete = ON');
  const from = migrate(db);
  if (from > 0 && from < SECURE_DELETE_SINCE) {
    // A file written before secure delete may still hold deleted rows in its free space: rewrite
    // it once, then empty the log that rewrite went through.
    db.exec('VACUUM');
    eraseLog(db);
  }

  return {
    installations: sqliteInstallations(db),
    checkIns: sqliteCheckIns(db),
    meetingSettings: sqliteMeetingSettings(db),
    programmes: sqliteProgrammes(db),
    rounds: sqliteRounds(db),
    privacy: sqlitePrivacy(db),
    jobs: sqliteJobs(db),
    breaks: sqliteBreaks(db),
    pulse: sqlitePulse(db, sqliteCheckIns(db), sqliteRounds(db)),
    days: sqliteDays(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The schema version from which deletes are secure; files from before are vacuumed once. */
const SECURE_DELETE_SINCE = 5;

/** Brings the schema up to date; returns the version the file had (0: new). */
function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this Hallway (${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return current;
}
