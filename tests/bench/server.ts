/**
 * A benchmark server process: Hallway itself, or a bare echo bot behind the same HTTP server,
 * adapter and authentication. Started by run.ts with fork(); reports its port and peak memory by IPC.
 */
import { TeamsActivityHandler, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { createApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createHttpServer } from '../../bot/http/server';
import { createLogger } from '../../bot/log';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { createAdapter } from '../../bot/teams/adapter';
import { TestCredentialsFactory } from '../fixtures/test-credentials';
import { APP_ID } from '../fixtures/activities';

class EchoBot extends TeamsActivityHandler {
  protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Thanks!' }] },
    };
  }
}

async function main() {
  const result = loadConfig(process.env);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const config = result.config;
  const log = createLogger('warn');
  const credentialsFactory = new TestCredentialsFactory(APP_ID);
  let listen: () => Promise<{ port: number }>;
  if (process.env.BENCH_BOT === 'echo') {
    const storage = openSqliteStorage(config.sqlitePath);
    const adapter = createAdapter(config.botFramework, log, credentialsFactory);
    const http = createHttpServer({ adapter, bot: new EchoBot(), log, maxBodyBytes: config.maxBodyBytes, ready: () => storage.ping() });
    listen = () => http.listen(0, '127.0.0.1');
  } else {
    const app = createApp(config, log, { credentialsFactory });
    listen = app.listen;
  }
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50).unref();
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'memory') process.send!({ type: 'memory', peakRss, rss: process.memoryUsage().rss });
  });
  process.once('SIGTERM', () => process.exit(0));
  const { port } = await listen();
  process.send!({ type: 'listening', port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
