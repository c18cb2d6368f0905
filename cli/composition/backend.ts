// What every front-end process opens first: the database, the BullMQ dispatcher, the run-event publisher
// on the database's own events channel and the scan service on top, plus the command deps (reports and
// charts wired to core). Used by `bot`, `start`, `chat` and `console`.
import { sql, type Kysely } from 'kysely';
import { createReportsPort } from '../../bot/commands/reports-port.js';
import type { CommandDeps } from '../../bot/commands/deps.js';
import type { HealthCheck } from '../../bot/http/routes.js';
import { renderSeverityChart } from '../../core/charts/severity-chart.js';
import type { Config } from '../../core/config.js';
import { runEventsChannel } from '../../core/events/run-events.js';
import type { Logger } from '../../core/logger.js';
import { createRedisClient, type RedisClient } from '../../core/redis.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import { createScanService } from '../../core/scans/scan-service.js';
import { createVulnerabilityPort } from '../../core/vulns/vulnerability-port.js';
import { openDb } from '../../db/migrate.js';
import type { Database } from '../../db/schema/database.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../worker/bullmq-dispatcher.js';
import { createRunEventPublisher } from '../../worker/run-events-publisher.js';
import { loadWorkerSettings } from '../../worker/worker-settings.js';

export interface Backend {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
  dispatcher: BullmqDispatcher;
  service: ScanService;
  commands: CommandDeps;
  close(): Promise<void>;
}

export { migrate } from './lifecycle.js';

/** Database, queue, event publisher and the scan service, wired; the command deps on top. */
export async function openBackend(config: Config, logger: Logger, options: { prefix?: string } = {}): Promise<Backend> {
  const db = openDb<Database>(config.DATABASE_URL);
  // The same queue prefix as the worker (QUEUE_PREFIX), so what the bot submits is what workers take.
  const prefix = options.prefix ?? loadWorkerSettings().prefix;
  const dispatcher = createBullmqDispatcher({ redisUrl: config.REDIS_URL, logger, prefix });
  const events: RedisClient = createRedisClient(config.REDIS_URL, { name: 'portcullis-bot-publisher' });
  events.on('error', (error: Error) => logger.warn({ err: error.message }, 'run events Redis error'));
  await events.connect().catch((error: unknown) => logger.warn({ err: String(error) }, 'run events publisher offline'));
  const publish = createRunEventPublisher(events, logger, runEventsChannel(config.DATABASE_URL));
  const service = createScanService({ db, dispatcher, config, logger, publish });
  const commands: CommandDeps = {
    service,
    logger,
    admins: config.ADMINS,
    reports: createReportsPort(service),
    charts: { renderSeverityChart: (counts) => renderSeverityChart(counts) },
    vulnerabilities: createVulnerabilityPort(db),
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
