import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { dumpSqlite } from '../fixtures/storage-dump';
import { storageContract } from './storage.contract';

// A file, not :memory:, so that several "servers" share one database as they would in production.
storageContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hallway-contract-'));
  const path = join(dir, 'hallway.db');
  return {
    open: async () => openSqliteStorage(path),
    dump: async () => dumpSqlite(path),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
