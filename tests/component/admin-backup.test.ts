import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { VERBS } from '../../bot/cards/check-in-card';
import { MIGRATIONS } from '../../bot/storage/sqlite/migrations';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { cardAction, meetingStart, participant, MEETING_CHAT, type Participant } from '../fixtures/activities';
import { admin } from '../fixtures/admin';
import { startHallway, type Harness } from '../fixtures/hallway';

let dir: string;
let sqlitePath: string;
let hw: Harness | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallway-backup-'));
  sqlitePath = join(dir, 'data', 'hallway.db');
});
afterEach(async () => {
  await hw?.stop();
  hw = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SQLITE_PATH: sqlitePath });
const start = () => startHallway({ env: { JOBS_INTERVAL_MS: '0', SQLITE_PATH: sqlitePath } });

async function answer(server: Harness, who: Participant, note: string): Promise<void> {
  const sessionId = (await server.app.storage.checkIns.findOpen(MEETING_CHAT))!.id;
  await server.post(cardAction(server.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'good', note, visibility: 'shared' } }));
}

const notes = async (server: Harness) => {
  const session = (await server.app.storage.checkIns.findOpen(MEETING_CHAT))!;
  return (await server.app.storage.checkIns.listAnswers(session.id)).map((a) => a.note).sort();
};

describe('backup and restore of the SQLite database', () => {
  test('a backup taken while Hallway runs, restored after a stop, brings back exactly what was stored when it was taken', async () => {
    hw = await start();
    await hw.post(meetingStart(hw.connector.url));
    await answer(hw, participant(1), 'Before the backup');

    const backup = join(dir, 'hallway-backup.db');
    const taken = await admin(['backup', backup], env());
    expect(taken.err).toBe('');
    expect(taken.code).toBe(0);
    expect(taken.out).toContain(`Backed up ${sqlitePath} to ${backup} (schema version ${MIGRATIONS.length}`);
    // One self-contained file: nothing left in a log beside it.
    expect(existsSync(`${backup}-wal`)).toBe(false);

    await answer(hw, participant(2), 'After the backup');
    expect(await notes(hw)).toEqual(['After the backup', 'Before the backup']);

    const whileRunning = await admin(['restore', backup], env());
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.err).toContain('is in use: stop Hallway');
    expect(await notes(hw)).toEqual(['After the backup', 'Before the backup']);

    await hw.stop();
    hw = undefined;
    const restored = await admin(['restore', backup], env());
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('Start Hallway again');

    hw = await start();
    expect(await notes(hw)).toEqual(['Before the backup']);
    // The restored database takes answers as before.
    await answer(hw, participant(3), 'After the restore');
    expect(await notes(hw)).toEqual(['After the restore', 'Before the backup']);

    // The same backup on a new machine, where there is no database (nor its folder) yet.
    const elsewhere = join(dir, 'new-machine', 'hallway.db');
    expect((await admin(['restore', backup], { ...env(), SQLITE_PATH: elsewhere })).code).toBe(0);
    const storage = openSqliteStorage(elsewhere);
    const session = (await storage.checkIns.findOpen(MEETING_CHAT))!;
    expect((await storage.checkIns.listAnswers(session.id)).map((a) => a.note)).toEqual(['Before the backup']);
    await storage.close();
  });

  test('a restore refuses a file that is not a Hallway database, or one from a newer Hallway, and leaves the database as it was', async () => {
    hw = await start();
    await hw.post(meetingStart(hw.connector.url));
    await answer(hw, participant(1), 'Kept through bad restores');
    await hw.stop();
    hw = undefined;

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all');
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    const newer = join(dir, 'newer.db');
    await admin(['backup', newer], env());
    const db = new Database(newer);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();

    const refusals = [];
    for (const file of [join(dir, 'missing.db'), text, other, newer]) refusals.push(await admin(['restore', file], env()));
    expect(refusals.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    expect(refusals.map((r) => r.err.trim())).toEqual([
      `${join(dir, 'missing.db')} does not exist`,
      `${text} cannot be read as a SQLite database (SQLITE_NOTADB)`,
      `${other} is not a Hallway database (none of its tables, or no schema version)`,
      `${newer} has schema version ${MIGRATIONS.length + 1}, newer than this Hallway's ${MIGRATIONS.length}: restore it with the version that wrote it`,
    ]);

    hw = await start();
    expect(await notes(hw)).toEqual(['Kept through bad restores']);
  });

  test('a command without its file, or an unknown command, shows how to use the commands', async () => {
    const missing = await admin(['backup'], env());
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('backup needs a file.');
    const onAzure = await admin(['backup', join(dir, 'b.db')], {
      ...env(),
      STORAGE: 'azure-tables',
      AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    });
    expect(onAzure.code).toBe(1);
    expect(onAzure.err).toContain('backup is for the SQLite database');
    for (const command of ['drop-everything', 'constructor', '__proto__']) {
      const unknown = await admin([command], env());
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain(`Unknown command "${command}".`);
      expect(unknown.err).toContain('restore <file>');
    }
  });
});
