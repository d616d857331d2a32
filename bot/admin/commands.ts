import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { AppOverrides } from '../app';
import { loadConfig, type Config } from '../config';
import { systemClock } from '../domain/clock';
import { createLogger } from '../log';
import { openStorage } from '../storage/open-storage';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage';
import { migrateToAzure, type MigrationReport } from './migrate';
import { exportPerson, forgetPerson, OBJECT_ID } from './person';
import { backupDatabase, checkDatabaseFile, restoreDatabase } from './sqlite-file';

/** Where a command writes: what it produced on `out`, what went wrong (and progress) on `err`. */
export type AdminIo = { out(text: string): void; err(text: string): void };

export const USAGE = `Hallway administration, with the same settings (environment) as the server:

  backup <file>                     copy the SQLite database (SQLITE_PATH) to <file>, while Hallway runs
  restore <file>                    replace the SQLite database with the backup <file>; Hallway must be stopped
  migrate-to-azure [--from <file>] [--checkpoint <file>] [--json]
                                    copy the SQLite database (SQLITE_PATH, or --from) into the Azure Tables of
                                    STORAGE=azure-tables and AZURE_TABLES_*; run it again to continue or to check
  export-person <object id> [--out <file>]
                                    what Download my data gives the person with this directory object id, as JSON
  forget-person <object id> --yes   what forget me does for that person: delete everything, redraw their cards
`;

/** The options each command takes. */
const OPTIONS: Record<string, string[]> = {
  backup: [],
  restore: [],
  'migrate-to-azure': ['from', 'checkpoint', 'json'],
  'export-person': ['out'],
  'forget-person': ['yes'],
};

/** Runs one admin command; the exit code (0 done, 1 refused or failed, 2 bad usage). */
export async function runAdmin(args: string[], env: NodeJS.ProcessEnv, io: AdminIo, overrides: AppOverrides = {}): Promise<number> {
  const [command, ...rest] = args;
  const { positional, options } = parse(rest);
  const usage = (message: string) => {
    io.err(`${message}\n\n${USAGE}`);
    return 2;
  };
  if (!command || command === 'help' || options.help) return usage(command ? 'Usage:' : 'No command given.');
  const allowed = Object.hasOwn(OPTIONS, command) ? OPTIONS[command] : undefined;
  if (!allowed) return usage(`Unknown command "${command.slice(0, 40)}".`);
  // An option a command does not take is refused, never ignored: a filter that silently does nothing would mislead.
  const unknown = Object.keys(options).find((name) => !allowed.includes(name));
  if (unknown) return usage(`${command} does not take --${unknown.slice(0, 40)}.`);

  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.err(`Fix these settings first (see .env.example):\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 1;
  }
  const config = loaded.config;

  if (command === 'backup' || command === 'restore') {
    const file = positional[0];
    if (!file) return usage(`${command} needs a file.`);
    if (config.storage.driver !== 'sqlite') {
      return fail(io, `${command} is for the SQLite database; this Hallway stores in Azure Tables (STORAGE=azure-tables), see docs/operations.md.`);
    }
    const result = command === 'backup' ? await backupDatabase(config.sqlitePath, file) : await restoreDatabase(config.sqlitePath, file);
    if (result.kind === 'refused') return fail(io, result.message);
    io.out(
      command === 'backup'
        ? `Backed up ${config.sqlitePath} to ${file} (schema version ${result.schemaVersion}, ${result.bytes} bytes).\n`
        : `Restored ${file} to ${config.sqlitePath} (schema version ${result.schemaVersion}, ${result.bytes} bytes). Start Hallway again.\n`,
    );
    return 0;
  }

  if (command === 'migrate-to-azure') return migrate(config, options, io);

  const objectId = positional[0];
  if (!objectId || !OBJECT_ID.test(objectId)) return usage(`${command} needs a directory object id (a GUID such as 0c5e7e3a-1111-4b8e-9d55-0000000000a1).`);

  if (command === 'export-person') {
    const storage = overrides.storage ?? (await openStorage(config));
    try {
      const data = JSON.stringify(await exportPerson({ privacy: storage.privacy, clock: overrides.clock ?? systemClock }, objectId), null, 2);
      if (typeof options.out === 'string') {
        writeFileSync(options.out, `${data}\n`, { mode: 0o600 });
        io.err(`Wrote the export to ${options.out}.\n`);
      } else io.out(`${data}\n`);
    } finally {
      if (!overrides.storage) await storage.close();
    }
    return 0;
  }

  // forget-person
  if (options.yes !== true) return usage('forget-person deletes everything Hallway stores about the person: add --yes to confirm.');
  // The whole app, not only storage: the cards that showed the person are redrawn through Teams.
  // Its log goes to stderr, so stdout holds only the answer.
  // Loaded only here: the server's modules (restify, botbuilder) are not needed by the other commands.
  const { buildApp } = await import('../app');
  const app = await buildApp({ ...config, jobsIntervalMs: 0 }, createLogger(config.logLevel, pino.destination(2)), overrides);
  try {
    const result = await forgetPerson(app, objectId);
    io.out(
      `Forgot ${objectId}: deleted everything stored about them; ${result.checkIns} check-in card(s) and ${result.breaks} break card(s) redrawn without them` +
        (config.localMode ? ' (local mode: only to a Bot Connector on this machine).\n' : '.\n'),
    );
  } finally {
    await app.stop();
  }
  return 0;
}

async function migrate(config: Config, options: Record<string, string | true>, io: AdminIo): Promise<number> {
  if (config.storage.driver !== 'azure-tables') {
    return fail(io, 'Set STORAGE=azure-tables and AZURE_TABLES_CONNECTION_STRING (or AZURE_TABLES_ACCOUNT_URL) to where Hallway will store from now on.');
  }
  const from = typeof options.from === 'string' ? options.from : config.sqlitePath;
  const checked = checkDatabaseFile(from);
  if (checked.kind !== 'ok') return fail(io, checked.message);
  const checkpoint = typeof options.checkpoint === 'string' ? options.checkpoint : `${from}.to-azure-${config.storage.tablePrefix}.json`;
  // The source is opened through its driver (which brings an older schema up to date, as a start would).
  const storage = openSqliteStorage(from);
  const db = new Database(from, { readonly: true });
  const target = await openStorage(config);
  try {
    const report = await migrateToAzure({ db, storage }, target, checkpoint);
    io.out(options.json === true ? `${JSON.stringify(report)}\n` : describe(report, config.storage.tablePrefix));
    return report.conflicts.length > 0 ? 1 : 0;
  } catch (error) {
    return fail(io, `The migration stopped: ${(error as Error).message}. Run the same command again to continue from ${checkpoint}.`);
  } finally {
    db.close();
    await storage.close();
    await target.close();
  }
}

function describe(report: MigrationReport, prefix: string): string {
  const rows = Object.entries(report.counts).map(
    ([kind, c]) =>
      `  ${kind.padEnd(20)} ${String(c.read).padStart(8)} ${String(c.written).padStart(8)} ${String(c.unchanged).padStart(10)}${c.skipped ? `  (${c.skipped} done before)` : ''}`,
  );
  const lines = [
    `Copied into Azure Tables (prefix ${prefix})${report.resumed ? ', continuing an interrupted run' : ''}:`,
    `  ${'kind'.padEnd(20)} ${'read'.padStart(8)} ${'written'.padStart(8)} ${'unchanged'.padStart(10)}`,
    ...rows,
  ];
  for (const [table, n] of Object.entries(report.notCopied)) lines.push(`Not copied: table ${table} (${n} rows): this migration does not know it yet.`);
  for (const conflict of report.conflicts) lines.push(`Conflict, left as it is: ${conflict}`);
  return `${lines.join('\n')}\n`;
}

function fail(io: AdminIo, message: string): number {
  io.err(`${message}\n`);
  return 1;
}

/** `--name value` and `--flag` options, anything else positional. */
function parse(args: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (['yes', 'help', 'json'].includes(arg.slice(2))) options[arg.slice(2)] = true;
    else options[arg.slice(2)] = args[++i] ?? true;
  }
  return { positional, options };
}
