import type Database from 'better-sqlite3';
import type { Jobs } from '../../domain/privacy-ports';

export function sqliteJobs(db: Database.Database): Jobs {
  const insert = db.prepare('INSERT OR IGNORE INTO jobs (name, next_run_at) VALUES (?, 0)');
  const claim = db.prepare('UPDATE jobs SET next_run_at = ? WHERE name = ? AND next_run_at <= ?');
  return {
    async claim(name, now, nextRunAt) {
      insert.run(name);
      return claim.run(nextRunAt.getTime(), name, now.getTime()).changes === 1;
    },
  };
}
