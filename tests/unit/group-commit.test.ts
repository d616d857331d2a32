import Database from 'better-sqlite3';
import { GroupCommit } from '../../bot/storage/sqlite/group-commit';

/** A table with a rule some writes break, and a count of the transactions committed. */
function store() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE answers (who TEXT PRIMARY KEY, mood TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO answers (who, mood) VALUES (?, ?)');
  let transactions = 0;
  const commit = db.transaction((rows: { who: string; mood: string | null }[]) => {
    transactions++;
    for (const row of rows) insert.run(row.who, row.mood);
  });
  return { db, writes: new GroupCommit(commit), transactions: () => transactions };
}

describe('group commit of writes that arrive together', () => {
  test('answers that arrive in the same moment are stored in one transaction, and each caller hears once it is stored', async () => {
    const { db, writes, transactions } = store();
    await Promise.all(Array.from({ length: 50 }, (_, i) => writes.add({ who: `p${i}`, mood: 'good' })));
    expect(db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 50 });
    expect(transactions()).toBe(1);
  });

  test('a write that breaks a rule fails alone: the others in its transaction are still stored', async () => {
    const { db, writes } = store();
    const results = await Promise.allSettled([
      writes.add({ who: 'ana', mood: 'good' }),
      writes.add({ who: 'ben', mood: null }),
      writes.add({ who: 'cy', mood: 'low' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT who FROM answers ORDER BY who').all()).toEqual([{ who: 'ana' }, { who: 'cy' }]);
  });

  test('writes of a later moment go in a transaction of their own', async () => {
    const { writes, transactions } = store();
    await writes.add({ who: 'ana', mood: 'good' });
    await writes.add({ who: 'ben', mood: 'good' });
    expect(transactions()).toBe(2);
  });
});
