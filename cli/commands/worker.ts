// `portcullis worker`: a scan worker on its own (DESIGN §8). It needs only REDIS_URL and DATABASE_URL to
// join: it opens the database, builds the scan service with the BullMQ dispatcher, and runs the worker
// until SIGTERM/SIGINT, then shuts down cleanly. `startWorker` is reused by `portcullis start`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../core/config.js';
import { runEventsChannel } from '../../core/events/run-events.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { createRedisClient, type RedisClient } from '../../core/redis.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import { createScanService } from '../../core/scans/scan-service.js';
import { openDb } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../worker/bullmq-dispatcher.js';
import { createRunEventPublisher } from '../../worker/run-events-publisher.js';
import { startScanWorker, type ScanWorker } from '../../worker/scan-worker.js';
import { boundedShutdown, installShutdownDeadline, migrate, untilSignal } from '../composition/lifecycle.js';
import { loadWorkerSettings, type WorkerSettings } from '../../worker/worker-settings.js';

export interface StartWorkerDeps {
  config: Config;
  logger: Logger;
  /** Reuse the caller's database handle, service and dispatcher (`start`); else they are created here. */
  db?: Kysely<Database>;
  service?: ScanService;
  dispatcher?: BullmqDispatcher;
  settings?: WorkerSettings;
}

export interface RunningWorker {
  worker: ScanWorker;
  service: ScanService;
  dispatcher: BullmqDispatcher;
  /** Stops the worker gracefully, then closes what startWorker opened. */
  close(): Promise<void>;
}

export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'portcullis' && pkg.version) return pkg.version;
    } catch {
      // not this layout (source vs dist); try the next
    }
  }
  return 'unknown';
}

export async function startWorker(deps: StartWorkerDeps): Promise<RunningWorker> {
  const settings = deps.settings ?? loadWorkerSettings();
  const opened: Array<() => Promise<unknown>> = [];
  const dispatcher = deps.dispatcher ?? createBullmqDispatcher({ redisUrl: deps.config.REDIS_URL, prefix: settings.prefix, logger: deps.logger });
  if (!deps.dispatcher) opened.push(() => dispatcher.close());
  let service = deps.service;
  if (!service) {
    const db = deps.db ?? openDb<Database>(deps.config.DATABASE_URL);
    if (!deps.db) opened.push(() => db.destroy());
    const events: RedisClient = createRedisClient(deps.config.REDIS_URL, { name: 'portcullis-events' });
    events.on('error', (error: Error) => deps.logger.warn({ err: error.message }, 'run events Redis error'));
    await events.connect();
    opened.push(() => events.quit());
    service = createScanService({ db, dispatcher, config: deps.config, logger: deps.logger, publish: createRunEventPublisher(events, deps.logger, runEventsChannel(deps.config.DATABASE_URL)) });
  }
  const worker = await startScanWorker({ service, config: deps.config, logger: deps.logger, settings, version: packageVersion() });
  return {
    worker,
    service,
    dispatcher,
    close: async () => {
      await worker.close();
      for (const close of opened.reverse()) await close().catch(() => undefined);
    },
  };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis worker\n\nRuns a scan worker. Needs REDIS_URL and DATABASE_URL; NET_RAW and NET_ADMIN to scan.\n');
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // From the first SIGTERM on, the process exits within the grace period — also while still starting.
  installShutdownDeadline(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await migrate(config);
  const running = await startWorker({ config, logger });
  await untilSignal(logger, 'worker shutting down: no new jobs; running ones get the grace period');
  const shutdown = boundedShutdown(logger, config.SHUTDOWN_GRACE_SECONDS * 1000);
  await shutdown.step('the worker', () => running.close());
  shutdown.done();
  return 0;
}
