// `portcullis bot`: the chat front on its own — Slack and/or Discord when their tokens are set, the
// console when neither is and a person sits at the terminal — plus the notification router fed by run
// events from Redis, and /healthz and /metrics on PORT. `openBackend` and `startBot` are reused by
// `start`, `chat` and `console`.
import { sql, type Kysely } from 'kysely';
import { renderSeverityChart } from '../../core/charts/severity-chart.js';
import { loadConfig, type Config } from '../../core/config.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { createRedisClient, type RedisClient } from '../../core/redis.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import { createScanService } from '../../core/scans/scan-service.js';
import { ensureDatabase, migrateToLatest, openDb } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';
import type { CommandDeps } from '../../bot/commands/deps.js';
import { createReportsPort } from '../../bot/commands/reports-port.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../worker/bullmq-dispatcher.js';
import { createRunEventPublisher } from '../../worker/run-events-publisher.js';
import { loadWorkerSettings } from '../../worker/worker-settings.js';
import { ConsoleNotifier } from '../../bot/console/console-notifier.js';
import { runRepl } from '../../bot/console/repl.js';
import { ConsoleSession } from '../../bot/console/session.js';
import { healthRoutes, startHttpServer, type HealthCheck } from '../../bot/http/routes.js';
import type { Notifier } from '../../bot/notifications/notifier.js';
import { NotificationRouter } from '../../bot/notifications/router.js';
import { subscribeRunEvents } from '../../bot/notifications/run-event-subscription.js';
import { startSlack } from '../../bot/slack/index.js';

export interface Backend {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
  dispatcher: BullmqDispatcher;
  service: ScanService;
  commands: CommandDeps;
  close(): Promise<void>;
}

export async function migrate(config: Config): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const db = openDb<unknown>(config.DATABASE_URL, { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** Database, queue, event publisher and the scan service, wired; the command deps on top. */
export async function openBackend(config: Config, logger: Logger, options: { prefix?: string } = {}): Promise<Backend> {
  const db = openDb<Database>(config.DATABASE_URL);
  // The same queue prefix as the worker (QUEUE_PREFIX), so what the bot submits is what workers take.
  const prefix = options.prefix ?? loadWorkerSettings().prefix;
  const dispatcher = createBullmqDispatcher({ redisUrl: config.REDIS_URL, logger, prefix });
  const events: RedisClient = createRedisClient(config.REDIS_URL, { name: 'portcullis-bot-publisher' });
  events.on('error', (error: Error) => logger.warn({ err: error.message }, 'run events Redis error'));
  await events.connect().catch((error: unknown) => logger.warn({ err: String(error) }, 'run events publisher offline'));
  const publish = createRunEventPublisher(events, logger);
  const service = createScanService({ db, dispatcher, config, logger, publish: async (event) => publish(event) });
  const commands: CommandDeps = {
    service,
    logger,
    admins: config.ADMINS,
    reports: createReportsPort(service),
    charts: { renderSeverityChart: (counts) => renderSeverityChart(counts) },
  };
  return {
    config, logger, db, dispatcher, service, commands,
    async close() {
      await dispatcher.close().catch(() => undefined);
      if (events.isOpen) await events.quit().catch(() => undefined);
      await db.destroy();
    },
  };
}

export function healthChecks(backend: Backend): Record<string, HealthCheck> {
  return {
    database: async () => {
      await sql`select 1`.execute(backend.db);
    },
    queue: async () => {
      await backend.dispatcher.queue.getJobCounts('waiting');
    },
  };
}

export interface RunningBot {
  router: NotificationRouter;
  /** Resolves when the bot should stop: the console was left, or SIGINT/SIGTERM. */
  done: Promise<void>;
  /** The port /healthz and /metrics are served on by this bot's own server (null: by Slack's, or none). */
  httpPort: number | null;
  stop(): Promise<void>;
}

/** What bot/discord/index.ts exports (loaded only when DISCORD_TOKEN is set and the adapter is built). */
interface DiscordModule {
  startDiscord(deps: { config: Config; service: ScanService; logger: Logger; reports?: CommandDeps['reports']; charts?: CommandDeps['charts'] }): Promise<{ notifier: Notifier; stop(): Promise<void> }>;
}

async function loadDiscord(logger: Logger): Promise<DiscordModule | null> {
  // A computed specifier: the Discord adapter is built by another part of the project and may be absent.
  const specifier = ['..', '..', 'bot', 'discord', 'index.js'].join('/');
  try {
    return (await import(specifier)) as DiscordModule;
  } catch (error) {
    logger.error({ err: String(error) }, 'DISCORD_TOKEN is set but the Discord adapter could not be loaded');
    return null;
  }
}

function untilSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'bot shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** Starts the chat adapters that are configured, HTTP health/metrics, and the notification router. */
export async function startBot(backend: Backend, options: { interactive?: boolean; checks?: Record<string, HealthCheck> } = {}): Promise<RunningBot> {
  const { config, logger, service, commands } = backend;
  const notifiers: Notifier[] = [];
  const stops: Array<() => Promise<void>> = [];
  const routes = healthRoutes(options.checks ?? healthChecks(backend));
  const extras = { ...(commands.reports ? { reports: commands.reports } : {}), ...(commands.charts ? { charts: commands.charts } : {}) };
  let httpServed = false;
  let httpPort: number | null = null;
  if (config.SLACK_BOT_TOKEN) {
    const slack = await startSlack({ config, service, logger, routes, ...extras });
    notifiers.push(slack.notifier);
    stops.push(() => slack.stop());
    httpServed = slack.mode === 'http';
  } else {
    logger.info('Slack is off: SLACK_BOT_TOKEN is not set');
  }
  if (config.DISCORD_TOKEN) {
    const discord = await loadDiscord(logger);
    const adapter = discord ? await discord.startDiscord({ config, service, logger, ...extras }) : null;
    if (adapter) {
      notifiers.push(adapter.notifier);
      stops.push(() => adapter.stop());
    }
  } else {
    logger.info('Discord is off: DISCORD_TOKEN is not set');
  }
  if (!httpServed) {
    try {
      const http = await startHttpServer(config.PORT, routes);
      stops.push(() => http.close());
      httpPort = http.port;
      logger.info({ port: http.port }, '/healthz and /metrics listening');
    } catch (error) {
      logger.warn({ err: String(error), port: config.PORT }, '/healthz and /metrics not served: the port is taken');
    }
  }

  let done: Promise<void>;
  if (notifiers.length === 0 && options.interactive) {
    const write = (text: string) => process.stdout.write(text);
    const consoleNotifier = new ConsoleNotifier({ outputDir: config.PORTCULLIS_OUTPUT_DIR, write });
    notifiers.push(consoleNotifier);
    const session = new ConsoleSession({ deps: commands, outputDir: config.PORTCULLIS_OUTPUT_DIR });
    done = runRepl({ session, input: process.stdin, output: process.stdout }).then(() => undefined);
  } else {
    if (notifiers.length === 0) logger.warn('no chat adapter is configured and stdin is not a terminal: only notifications to nowhere; set SLACK_BOT_TOKEN or DISCORD_TOKEN');
    done = untilSignal(logger);
  }

  const router = new NotificationRouter({ service, notifiers, logger, ...(commands.charts ? { charts: commands.charts } : {}) });
  const subscription = await subscribeRunEvents(config.REDIS_URL, (event) => void router.handle(event), logger);
  return {
    router,
    done,
    httpPort,
    async stop() {
      await subscription.close().catch(() => undefined);
      await router.idle();
      router.close();
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.warn({ err: String(error) }, 'adapter stop failed'));
    },
  };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis bot\n\nRuns the chat front: Slack (SLACK_BOT_TOKEN), Discord (DISCORD_TOKEN), or the console when neither is set and stdin is a terminal.\n');
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  await migrate(config);
  const backend = await openBackend(config, logger);
  const adapters = await startBot(backend, { interactive: process.stdin.isTTY === true });
  await adapters.done;
  await adapters.stop();
  await backend.close();
  return 0;
}
