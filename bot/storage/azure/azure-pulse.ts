import type { CheckIns } from '../../domain/check-in/ports';
import type { Round } from '../../domain/coffee/model';
import type { PulseReads } from '../../domain/pulse/ports';
import { seriesPk } from './azure-check-ins';
import { roundRk, toRound } from './azure-rounds';
import type { Tables } from './azure-table';
import { key } from './keys';

/**
 * The pulse's reads. A series' sessions are listed in its own partition of the keys table (one
 * small row per occurrence) and read by point; a programme's rounds are point reads by number.
 */
export function azurePulse(tables: Tables, checkIns: CheckIns): PulseReads {
  return {
    async recentSessions(seriesKey, limit) {
      const rows = await tables.checkInKeys.partition(seriesPk(seriesKey));
      const ids = rows
        .sort((x, y) => String(y.startedAt).localeCompare(String(x.startedAt)))
        .slice(0, limit)
        .map((r) => r.sessionId as string);
      return (await Promise.all(ids.map((id) => checkIns.get(id)))).filter((s) => s !== undefined);
    },
    async rounds(programmeId, fromSeq, toSeq) {
      const seqs = Array.from({ length: Math.max(0, toSeq - fromSeq + 1) }, (_, i) => fromSeq + i);
      const rows = await Promise.all(seqs.map((seq) => tables.programmes.get(key(programmeId), roundRk(seq))));
      return rows.filter((e) => e !== undefined).map((e): Round => toRound(e));
    },
  };
}
