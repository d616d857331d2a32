import type Database from 'better-sqlite3';
import type { MeetingSettings } from '../../domain/check-in/model';
import type { MeetingSettingsStore } from '../../domain/check-in/ports';

export function sqliteMeetingSettings(db: Database.Database): MeetingSettingsStore {
  const select = db.prepare('SELECT settings FROM meeting_settings WHERE meeting_id = ?');
  const upsert = db.prepare(`
    INSERT INTO meeting_settings (meeting_id, settings, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (meeting_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`);
  return {
    async get(meetingId) {
      const row = select.get(meetingId) as { settings: string } | undefined;
      return row ? (JSON.parse(row.settings) as MeetingSettings) : undefined;
    },
    async put(meetingId, settings) {
      upsert.run(meetingId, JSON.stringify(settings), Date.now());
    },
  };
}
