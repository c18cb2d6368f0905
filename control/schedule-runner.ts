// The control plane's worker for the schedules queue: cron firings of scans (a run is created, signed and
// queued for its pool) and REPORT_SCHEDULE digests. Scanners never take these jobs: they need the database.
// Run by `start`, `bot` and `ingest`; BullMQ hands each firing to exactly one of them.
import { Worker, type Job } from 'bullmq';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { createRedisClient, type RedisClient } from '../core/redis.js';
import type { ScanService } from '../core/scans/scan-service.contract.js';
import { bullmqConnection } from '../worker/queue-connection.js';
import { assertHandlers, JOB_NAMES, QUEUE_JOBS, SCHEDULES_QUEUE } from '../worker/queues.js';
import { handleReportJob } from './handlers/report-job.js';
import { handleScheduledJob } from './handlers/scheduled-job.js';

export interface ScheduleContext {
  service: Pick<ScanService, 'scheduledRun' | 'list' | 'reportInput' | 'subscribers'>;
  config: Pick<Config, 'DATABASE_URL' | 'REPORT_SCHEDULE' | 'REPORT_TIMEZONE'>;
  logger: Logger;
  /** Publishes the report summary on the events channel. */
  control: RedisClient;
}

export interface ScheduleRunner {
  close(): Promise<void>;
}

type Handler = (job: Job, ctx: ScheduleContext) => Promise<unknown>;

export async function startScheduleRunner(deps: Omit<ScheduleContext, 'control'> & { config: ScheduleContext['config'] & Pick<Config, 'REDIS_URL'>; prefix: string }): Promise<ScheduleRunner> {
  const control = createRedisClient(deps.config.REDIS_URL, { name: 'portcullis-schedules' });
  control.on('error', (error: Error) => deps.logger.warn({ err: error.message }, 'schedules: Redis error'));
  await control.connect();
  const ctx: ScheduleContext = { service: deps.service, config: deps.config, logger: deps.logger, control };
  const handlers: Record<string, Handler> = { [JOB_NAMES.scheduled]: handleScheduledJob, [JOB_NAMES.report]: handleReportJob };
  assertHandlers(handlers, QUEUE_JOBS[SCHEDULES_QUEUE]);
  const worker = new Worker(SCHEDULES_QUEUE, async (job: Job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    return handler(job, ctx);
  }, { connection: bullmqConnection(deps.config.REDIS_URL), prefix: deps.prefix, concurrency: 1 });
  worker.on('error', (error: Error) => deps.logger.warn({ err: error.message, queue: SCHEDULES_QUEUE }, 'schedules queue error'));
  worker.on('failed', (job, error) => deps.logger.warn({ job: job?.name, err: error.message }, 'schedule firing failed'));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close().catch(() => undefined);
      await control.quit().catch(() => control.destroy());
    },
  };
}
