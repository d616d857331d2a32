import { buildApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './log';

async function main(): Promise<void> {
  const result = loadConfig();
  if (!result.ok) {
    process.stderr.write(`Hallway cannot start; fix these settings (see .env.example):\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(1);
  }
  const { config, warnings } = result;
  const log = createLogger(config.logLevel);
  for (const warning of warnings) {
    log.warn(warning);
    process.stderr.write(`\n  !!! ${warning}\n\n`);
  }

  const app = await buildApp(config, log);
  const { port, address } = await app.listen();
  const storage =
    config.storage.driver === 'sqlite'
      ? { storage: 'sqlite', sqlitePath: config.sqlitePath }
      : {
          storage: 'azure-tables',
          tablePrefix: config.storage.tablePrefix,
          auth: config.storage.connectionString ? 'connection string' : 'managed identity',
        };
  log.info({ address, port, ...storage, localMode: config.localMode }, `Hallway listening on ${address} port ${port}`);
  if (config.devHost) process.stderr.write(`\n  Try the tab without Teams: http://localhost:${port}/dev\n\n`);

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    const timeout = setTimeout(() => {
      log.error('did not stop within 25 s; exiting');
      process.exit(1);
    }, 25_000);
    timeout.unref();
    await app.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Hallway failed to start: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
