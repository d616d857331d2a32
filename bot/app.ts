import { randomUUID } from 'node:crypto';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from './config';
import type { Programme } from './domain/coffee/model';
import type { DaysPlan } from './domain/days/model';
import type { Person } from './domain/person';
import { createSsoVerifier, SsoError, type SsoVerifier } from './http/sso';
import { createDevHost } from './dev/host';
import { systemClock, type Clock, type Random } from './domain/clock';
import { createHttpServer, type HttpServer } from './http/server';
import type { Logger } from './log';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage';
import { openStorage } from './storage/open-storage';
import type { Forgotten } from './domain/privacy-ports';
import type { Storage } from './storage/ports';
import { createAdapter, type ServiceClientCredentialsFactory } from './teams/adapter';
import { CheckInController } from './teams/check-in-controller';
import { createBotEndpoint } from './teams/endpoint';
import { HallwayBot } from './teams/hallway-bot';
import { Messenger } from './teams/messenger';
import { CoffeeController } from './teams/coffee-controller';
import { BreaksController } from './teams/breaks-controller';
import { DaysController } from './teams/days-controller';
import { RateLimiter } from './teams/rate-limiter';
import { Scheduler } from './jobs/scheduler';
import { purgeUninstalled, runRetention } from './domain/privacy';
import type { RetryOptions } from './teams/retry';

/** What tests (and only tests) replace: the edges that cannot be reached offline, and time. */
export type AppOverrides = {
  /** Already open storage (buildApp passes the configured driver's here). */
  storage?: Storage;
  credentialsFactory?: ServiceClientCredentialsFactory;
  clock?: Clock;
  random?: Random;
  retry?: RetryOptions;
  /** Signing keys for tab sign-in tokens, instead of fetching them from SSO_JWKS_URL. */
  ssoKeys?: JWTVerifyGetKey;
};

export type App = {
  http: HttpServer;
  storage: Storage;
  /** Scheduled work; `tick()` runs one pass now. */
  scheduler: Scheduler;
  /** Redraws the posted cards that showed a forgotten person, as forget me does (the admin's erasure too); `stop()` waits for them. */
  redrawWithout(forgotten: Forgotten): void;
  listen(): Promise<{ port: number; address: string }>;
  /** Sends every card update waiting for its coalescing window now (tests, before they compare what Teams shows). */
  flushCardUpdates(): Promise<void>;
  /** Stops accepting, finishes requests and pending card updates, closes storage. */
  stop(): Promise<void>;
};

/** Opens the configured storage (Azure Tables opens asynchronously), then composes the app: how Hallway starts. */
export async function buildApp(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  return createApp(config, log, { ...overrides, storage: overrides.storage ?? (await openStorage(config)) });
}

/** The composition root: storage -> services -> Teams adapter -> HTTP server. */
export function createApp(config: Config, log: Logger, overrides: AppOverrides = {}): App {
  if (!overrides.storage && config.storage.driver !== 'sqlite') {
    throw new Error(`${config.storage.driver} storage opens asynchronously: start Hallway with buildApp()`);
  }
  const storage = overrides.storage ?? openSqliteStorage(config.sqlitePath);
  const clock = overrides.clock ?? systemClock;
  const limiter = new RateLimiter({ tenantPerSecond: config.tenantRequestsPerSecond });
  const adapter = createAdapter(config.botFramework, log, limiter, overrides.credentialsFactory);
  const messenger = new Messenger(adapter, config.botFramework.MicrosoftAppId ?? '', overrides.retry);
  const checkIns = new CheckInController({
    checkIns: storage.checkIns,
    meetingSettings: storage.meetingSettings,
    installations: storage.installations,
    clock,
    random: overrides.random ?? Math.random,
    newId: randomUUID,
    messenger,
    log,
    updateIntervalMs: config.checkInUpdateIntervalMs,
  });
  const coffee = new CoffeeController({
    programmes: storage.programmes,
    rounds: storage.rounds,
    installations: storage.installations,
    messenger,
    clock,
    newId: randomUUID,
    log,
  });
  const breaks = new BreaksController({
    breaks: storage.breaks,
    programmes: storage.programmes,
    messenger,
    clock,
    newId: randomUUID,
    log,
    updateIntervalMs: config.checkInUpdateIntervalMs,
  });
  const days = new DaysController({
    days: storage.days,
    programmes: storage.programmes,
    installations: storage.installations,
    rounds: storage.rounds,
    jobs: storage.jobs,
    messenger,
    clock,
    random: overrides.random ?? Math.random,
    log,
    updateIntervalMs: config.checkInUpdateIntervalMs,
    newId: randomUUID,
    leadDays: config.daysPlanLeadDays,
  });
  const bot = new HallwayBot({
    checkIns,
    coffee,
    breaks,
    days,
    privacy: storage.privacy,
    installations: storage.installations,
    messenger,
    clock,
    log,
  });
  const privacyDeps = { privacy: storage.privacy, jobs: storage.jobs, clock };
  const flushCardUpdates = async () => {
    await checkIns.flush();
    await breaks.flush();
    await days.flush();
  };
  const redrawWithout = (forgotten: Forgotten) => {
    checkIns.redraw(forgotten.sessions, forgotten.userIds);
    breaks.redraw(forgotten.occurrences);
    days.redraw(forgotten.plans);
  };
  const scheduler = new Scheduler(
    [
      { name: 'coffee', run: () => coffee.runDueWork() },
      { name: 'break reminders', run: () => breaks.postDueReminders() },
      { name: 'days together', run: () => days.drawDue() },
      {
        name: 'retention',
        run: async () => {
          const expired = await runRetention(privacyDeps, config.retentionDays);
          if (expired !== undefined) log.info({ notes: expired, retentionDays: config.retentionDays }, 'expired check-in notes');
        },
      },
      {
        name: 'uninstalled',
        run: async () => {
          const purged = await purgeUninstalled(privacyDeps, config.uninstallGraceDays);
          if (purged?.length) log.info({ conversations: purged.length }, 'deleted data of removed installations');
        },
      },
    ],
    config.jobsIntervalMs,
    log,
  );
  const devHost = config.devHost ? createDevHost({ installations: storage.installations, log }) : undefined;
  const meetingTeams = {
    participant: (reference: unknown, meetingId: string, objectId: string, tenantId: string) =>
      checkIns.meetingParticipant(reference, meetingId, objectId, tenantId),
    start: (reference: unknown, meetingId: string) => checkIns.startFromTab(reference, meetingId),
    live: (conversationId: string) => checkIns.liveBoard(conversationId),
  };
  const api = {
    verify: eitherVerifier(config.sso ? createSsoVerifier(config.sso, overrides.ssoKeys) : undefined, devHost?.verify),
    privacy: storage.privacy,
    clock,
    log,
    onForgotten: redrawWithout,
    perUserLimit: config.tabApiUserLimit,
    coffee: {
      programmes: storage.programmes,
      installations: storage.installations,
      rounds: storage.rounds,
      clock,
      log,
      directory: (programme: Programme, objectId: string) => coffee.findInTeam(programme, objectId),
    },
    meetings: {
      clock,
      log,
      installations: storage.installations,
      meetingSettings: storage.meetingSettings,
      teams: meetingTeams,
    },
    pulse: { ...storage, teams: meetingTeams, clock, log },
    breaks: { breaks: storage.breaks, programmes: storage.programmes, installations: storage.installations, clock, newId: randomUUID },
    days: {
      days: storage.days,
      programmes: storage.programmes,
      installations: storage.installations,
      clock,
      newId: randomUUID,
      teams: {
        planned: (plan: DaysPlan) => days.postCard(plan),
        changed: (planId: string) => days.changed(planId),
        answered: (programme: Programme, plan: DaysPlan, answer: { date: string; userId: string; coming: boolean }) => days.answered(programme, plan, answer),
        ask: (programme: Programme, input: { planId: string; person: Person; withUserId: string }) => days.talks.ask(programme, input),
      },
    },
  };
  const http = createHttpServer({
    botEndpoint: createBotEndpoint({ adapter, bot, log, localMode: config.localMode }),
    api,
    log,
    maxBodyBytes: config.maxBodyBytes,
    timeouts: config.timeouts,
    ready: () => storage.ping(),
    privacy: { retentionDays: config.retentionDays, uninstallGraceDays: config.uninstallGraceDays },
    tab: { dir: config.tabDir, allowSelfFraming: Boolean(devHost), log },
    devHost,
  });

  let stopping: Promise<void> | undefined;
  return {
    http,
    storage,
    scheduler,
    redrawWithout,
    listen: async () => {
      const address = await http.listen(config.port, config.host);
      if (config.jobsIntervalMs > 0) scheduler.start();
      return address;
    },
    flushCardUpdates,
    stop: () =>
      (stopping ??= (async () => {
        await scheduler.stop();
        await http.close();
        await flushCardUpdates();
        await storage.close();
      })()),
  };
}

/** Local mode: tokens of the /dev host page are accepted besides real Teams ones (when configured). */
function eitherVerifier(teams: SsoVerifier | undefined, dev: SsoVerifier | undefined): SsoVerifier | undefined {
  if (!teams || !dev) return teams ?? dev;
  return async (authorization) => {
    try {
      return await dev(authorization);
    } catch (error) {
      if (error instanceof SsoError && error.reason === 'missing') throw error;
      return teams(authorization);
    }
  };
}
