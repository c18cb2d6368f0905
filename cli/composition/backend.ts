// What every front-end process opens first: the database, the BullMQ dispatcher, the run-event publisher
// on the database's own events channel and the scan service on top, plus the command deps (reports and
// charts wired to core). Used by `bot`, `start`, `chat` and `console`. Nothing here waits on Redis
// unbounded: long-running processes let the publisher connect in the background (one "degraded" line
// while Redis is down), one-shot commands give it `connectDeadlineMs` and go on without it.
import { sql, type Kysely } from 'kysely';
import { createReportsPort } from '../../bot/commands/reports-port.js';
import type { CommandDeps } from '../../bot/commands/deps.js';
import type { HealthCheck } from '../../bot/http/routes.js';
import { renderSeverityChart } from '../../core/charts/severity-chart.js';
import type { Config } from '../../core/config.js';
import { runEventsChannel } from '../../core/events/run-events.js';
import { messageOf, withDeadline } from '../../core/deadline.js';
import { reportRedisOutages } from '../../core/health/outage-notice.js';
import type { Logger } from '../../core/logger.js';
import { createRedisClient, type RedisClient } from '../../core/redis.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import { createScanService } from '../../core/scans/scan-service.js';
import { createVulnerabilityPort } from '../../core/vulns/vulnerability-port.js';
import { openDb } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../worker/bullmq-dispatcher.js';
import { createRunEventPublisher, type PublishRunEvent } from '../../core/events/run-event-publisher.js';
import { createOrderSigner, type OrderSigner } from '../../control/order-signing.js';
import { createScannersAdmin } from '../../control/scanner-admin.js';
import { loadWorkerSettings } from '../../worker/worker-settings.js';

export interface Backend {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
  dispatcher: BullmqDispatcher;
  service: ScanService;
  commands: CommandDeps;
  /** Signs the orders the dispatcher queues (key in PostgreSQL). */
  signer: OrderSigner;
  /** The run-event publisher the service uses (never rejects). */
  publish: PublishRunEvent;
  prefix: string;
  close(): Promise<void>;
}

export interface OpenBackendOptions {
  prefix?: string;
  /**
   * One-shot commands: wait at most this long for the event publisher to connect, then go on without it
   * (and close it); its clients and the database also get command deadlines. Unset: long-running.
   */
  connectDeadlineMs?: number;
}

export { migrate } from './lifecycle.js';

/** Database, queue, event publisher and the scan service, wired; the command deps on top. */
export async function openBackend(config: Config, logger: Logger, options: OpenBackendOptions = {}): Promise<Backend> {
  const oneShot = options.connectDeadlineMs !== undefined;
  const db = openDb<Database>(config.DATABASE_URL, oneShot ? { queryTimeoutMs: 8000 } : {});
  // The same queue prefix as the worker (QUEUE_PREFIX), so what the bot submits is what workers take.
  const settings = loadWorkerSettings();
  const prefix = options.prefix ?? settings.prefix;
  const signer = await createOrderSigner(db, config, { chunkAddresses: settings.chunkAddresses });
  const dispatcher = createBullmqDispatcher({ redisUrl: config.REDIS_URL, logger, prefix, orders: (job) => signer.sign(job) });
  const events: RedisClient = createRedisClient(config.REDIS_URL, { name: 'portcullis-bot-publisher', ...(oneShot ? { maxReconnectAttempts: 0 } : {}) });
  reportRedisOutages(events, logger, 'run events publisher');
  const connecting = events.connect();
  if (oneShot) {
    await withDeadline(connecting, options.connectDeadlineMs!, 'connect the run events publisher').catch((error: unknown) => {
      logger.warn({ err: messageOf(error) }, 'run events publisher offline: no run events from this command');
      events.destroy();
    });
  } else {
    connecting.catch(() => undefined); // retried in the background; the outage notice says it once
  }
  const publish = createRunEventPublisher(events, logger, runEventsChannel(config.DATABASE_URL));
  const service = createScanService({ db, dispatcher, config, logger, publish });
  const commands: CommandDeps = {
    service,
    logger,
    admins: config.ADMINS,
    reports: createReportsPort(service),
    charts: { renderSeverityChart: (counts, options) => renderSeverityChart(counts, options) },
    scanners: createScannersAdmin({ db, redisUrl: config.REDIS_URL, connectionBase: config.SCANNER_REDIS_URL ?? config.REDIS_URL, prefix, service, logger }),
    vulnerabilities: createVulnerabilityPort(db),
  };
  return {
    config, logger, db, dispatcher, service, commands, signer, publish, prefix,
    async close() {
      await dispatcher.close().catch(() => undefined);
      if (events.isReady) await withDeadline(events.quit(), 2000, 'close the run events publisher').catch(() => events.destroy());
      else if (events.isOpen) events.destroy();
      await withDeadline(db.destroy(), 5000, 'close the database pool').catch((error: unknown) => logger.warn({ err: messageOf(error) }, 'database pool not closed'));
    },
  };
}

export function healthChecks(backend: Pick<Backend, 'db' | 'dispatcher'>): Record<string, HealthCheck> {
  return {
    database: async () => {
      await sql`select 1`.execute(backend.db);
    },
    queue: async () => {
      await backend.dispatcher.queue.getJobCounts('waiting');
    },
  };
}
