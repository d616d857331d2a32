/**
 * Migration benchmark (`npm run bench -- migrate`): a SQLite database of a busy tenant copied into
 * Azure Tables (Azurite) with `migrate-to-azure`, then the second run that checks nothing is left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MigrationReport } from '../../bot/admin/migrate';
import { DEFAULT_PROGRAMME_SETTINGS } from '../../bot/domain/coffee/model';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import type { Storage } from '../../bot/storage/ports';
import { admin } from '../fixtures/admin';
import { startAzurite } from '../fixtures/azurite';
import { answer, session } from '../fixtures/check-ins';

const MEETINGS = 50;
const ANSWERS_PER_MEETING = 20;
const MEMBERS = 200;
const ROUNDS = 5;

/** Written through the SQLite driver's ports, as months of use would leave it. */
async function seed(storage: Storage): Promise<void> {
  const start = Date.parse('2026-06-01T09:00:00Z');
  for (let m = 0; m < MEETINGS; m++) {
    const s = session({ id: `session-${m}`, occurrenceKey: `occ-${m}`, status: 'closed', startedAt: new Date(start + m * 86_400_000) });
    await storage.checkIns.create({ ...s, address: { ...s.address, conversationId: `19:meeting_${m}@thread.v2` } });
    for (let a = 0; a < ANSWERS_PER_MEETING; a++) {
      await storage.checkIns.saveAnswer({ ...answer(a + 1, { answeredAt: new Date(start + m * 86_400_000 + a * 1000), note: 'A note' }), sessionId: s.id });
    }
  }
  const team = '19:busy-team@thread.tacv2';
  await storage.programmes.ensure({
    id: team,
    tenantId: 'tenant',
    reference: { conversation: { id: team } },
    organisers: [],
    settings: DEFAULT_PROGRAMME_SETTINGS,
    roundSeq: 0,
    createdAt: new Date(start),
  });
  const ids = Array.from({ length: MEMBERS }, (_, i) => `29:member-${i}`);
  for (const [i, userId] of ids.entries()) {
    await storage.programmes.saveMember({
      programmeId: team,
      userId,
      aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Member ${i}`,
      status: 'active',
      timeZone: 'Europe/Berlin',
      silentRounds: 0,
      joinedAt: new Date(start),
    });
  }
  for (let r = 1; r <= ROUNDS; r++) {
    const shift = r % (MEMBERS - 1);
    const groups = Array.from({ length: MEMBERS / 2 }, (_, g) => {
      const pair = [ids[g]!, ids[(g + MEMBERS / 2 + shift) % MEMBERS]!];
      return { members: pair, captain: pair[0]!, starter: 'q1' };
    });
    const at = new Date(start + r * 7 * 86_400_000);
    const roundId = `round-${r}`;
    await storage.rounds.start(
      { id: roundId, programmeId: team, seq: r, status: 'closed', startedAt: at, groups, unmatched: [], followUpAt: at, closedAt: at },
      ids.map((userId) => ({
        roundId,
        userId,
        kind: 'pairing' as const,
        status: 'sent' as const,
        attempts: 1,
        activityId: `msg-${r}-${userId}`,
        updatedAt: at,
      })),
      groups.map((g) => ({ a: g.members[0]!, b: g.members[1]!, round: r })),
      undefined,
    );
  }
}

export async function migrateBench(options: { json: boolean }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hallway-bench-migrate-'));
  const azurite = await startAzurite();
  try {
    const sqlitePath = join(dir, 'hallway.db');
    const storage = openSqliteStorage(sqlitePath);
    await seed(storage);
    await storage.close();
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SQLITE_PATH: sqlitePath,
      STORAGE: 'azure-tables',
      AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: 'bench',
    };
    const runs: { run: string; seconds: number; read: number; written: number; unchanged: number }[] = [];
    for (const run of ['first', 'second']) {
      const started = performance.now();
      const result = await admin(['migrate-to-azure', '--json'], env);
      if (result.code !== 0) throw new Error(result.err);
      const counts = Object.values((JSON.parse(result.out) as MigrationReport).counts);
      const sum = (k: 'read' | 'written' | 'unchanged') => counts.reduce((n, c) => n + c[k], 0);
      runs.push({ run, seconds: (performance.now() - started) / 1000, read: sum('read'), written: sum('written'), unchanged: sum('unchanged') });
    }
    if (options.json) {
      for (const r of runs) process.stdout.write(`${JSON.stringify({ bench: 'migrate', ...r })}\n`);
      return;
    }
    process.stdout.write(
      `migrate-to-azure: ${MEETINGS} check-ins with ${MEETINGS * ANSWERS_PER_MEETING} answers, ${MEMBERS} coffee members, ${ROUNDS} rounds (${ROUNDS * MEMBERS} messages), into Azurite\n\n` +
        '| run    | seconds | items read | written | unchanged | items/s |\n| ------ | ------: | ---------: | ------: | --------: | ------: |\n' +
        runs
          .map((r) => `| ${r.run.padEnd(6)} | ${r.seconds.toFixed(1)} | ${r.read} | ${r.written} | ${r.unchanged} | ${Math.round(r.read / r.seconds)} |`)
          .join('\n') +
        '\n',
    );
  } finally {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
