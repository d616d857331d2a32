import type { Jobs } from '../../domain/privacy-ports';
import { CONFLICT, optimistic, type Table } from './azure-table';
import { iso, key } from './keys';

/** Periodic jobs: partition = job name; the next run time is moved on under its ETag, so one instance wins. */
export function azureJobs(t: Table): Jobs {
  return {
    async claim(name, now, nextRunAt) {
      return optimistic('jobs.claim', async () => {
        const row = await t.get(key(name), 'job');
        const next = { partitionKey: key(name), rowKey: 'job', nextRunAt: iso(nextRunAt) };
        if (!row) return (await t.create(next)) ? true : CONFLICT;
        if ((row.nextRunAt as string) > iso(now)) return false;
        return (await t.replace(next, row.etag)) ? true : CONFLICT;
      });
    },
  };
}
