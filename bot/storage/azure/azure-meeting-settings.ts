import type { MeetingSettings } from '../../domain/check-in/model';
import type { MeetingSettingsStore } from '../../domain/check-in/ports';
import type { Table } from './azure-table';
import { getJson, iso, key, putJson } from './keys';

/** Meeting settings: partition = meeting id, one row. */
export function azureMeetingSettings(t: Table): MeetingSettingsStore {
  return {
    async get(meetingId) {
      const e = await t.get(key(meetingId), 'settings');
      return e ? getJson<MeetingSettings>(e, 'settings') : undefined;
    },
    async put(meetingId, settings) {
      const e: Record<string, unknown> = { partitionKey: key(meetingId), rowKey: 'settings', updatedAt: iso(new Date()) };
      putJson(e, 'settings', settings);
      await t.upsert(e as { partitionKey: string; rowKey: string });
    },
  };
}
