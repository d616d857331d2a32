import type Database from 'better-sqlite3';
import type { CheckIns } from '../../domain/check-in/ports';
import type { Rounds } from '../../domain/coffee/ports';
import type { PulseReads } from '../../domain/pulse/ports';

/** The pulse's reads: ids from an indexed range, each row read as its own port reads it. */
export function sqlitePulse(db: Database.Database, checkIns: CheckIns, rounds: Rounds): PulseReads {
  const recent = db.prepare('SELECT id FROM checkin_sessions WHERE series_key = ? ORDER BY started_at DESC, rowid DESC LIMIT ?');
  const bySeq = db.prepare('SELECT id FROM rounds WHERE programme_id = ? AND seq BETWEEN ? AND ? ORDER BY seq');
  return {
    async recentSessions(seriesKey, limit) {
      const ids = (recent.all(seriesKey, limit) as { id: string }[]).map((r) => r.id);
      return (await Promise.all(ids.map((id) => checkIns.get(id)))).filter((s) => s !== undefined);
    },
    async rounds(programmeId, fromSeq, toSeq) {
      const ids = (bySeq.all(programmeId, fromSeq, toSeq) as { id: string }[]).map((r) => r.id);
      return (await Promise.all(ids.map((id) => rounds.get(id)))).filter((r) => r !== undefined);
    },
  };
}
