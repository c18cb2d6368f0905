// Assembles a worker process: capability probe, the BullMQ workers for scan jobs (only on a host able
// to scan) and for schedule firings, the cancel listener, the heartbeat, crash handling and the graceful
// shutdown that lets short runs finish and hands the rest back to the queue.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, FlowProducer, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Config } from '../core/config.js';
import { runEventsChannel } from '../core/events/run-events.js';
import type { Logger } from '../core/logger.js';
import { createRedisClient } from '../core/redis.js';
import { probeCapabilities } from '../scanner/capabilities.js';
import { runScan } from '../scanner/engine.js';
import type { Capabilities } from '../scanner/types.js';
import { ActiveRuns } from './active-runs.js';
import { listenForCancels } from './cancel-channel.js';
import { handleChunkJob } from './handlers/chunk-job.js';
import { handleMergeJob } from './handlers/merge-job.js';
import { handleReportJob } from './handlers/report-job.js';
import { handleRunJob } from './handlers/run-job.js';
import { handleScheduledJob } from './handlers/scheduled-job.js';
import { startHeartbeat } from './heartbeat.js';
import { watchJobFailures } from './job-failures.js';
import { bullmqConnection } from './queue-connection.js';
import { assertHandlers, JOB_NAMES, QUEUE_JOBS, RUNS_QUEUE, SCHEDULES_QUEUE } from './queues.js';
import { createRunEventPublisher } from './run-events-publisher.js';
import type { RunScan } from './scan-execution.js';
import { HandBack, messageOf, type WorkerContext, type WorkerScanService } from './worker-context.js';
import { loadWorkerSettings, type WorkerSettings } from './worker-settings.js';

export interface ScanWorkerDeps {
  service: WorkerScanService;
  config: Config;
  logger: Logger;
  settings?: WorkerSettings;
  version?: string;
  runScan?: RunScan;
  probe?: () => Promise<Capabilities>;
}

export interface ScanWorker {
  id: string;
  capabilities: Capabilities;
  /** False when the host cannot scan: it then only takes schedule firings. */
  takesScanJobs: boolean;
  /** Graceful: stops taking jobs, lets runs finish within the grace period, hands the rest back. */
  close(): Promise<void>;
}

type Handler = (job: Job, ctx: WorkerContext) => Promise<unknown>;

export async function startScanWorker(deps: ScanWorkerDeps): Promise<ScanWorker> {
  const settings = deps.settings ?? loadWorkerSettings();
  const logger = deps.logger;
  const id = `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const capabilities = await (deps.probe ?? probeCapabilities)();
  const takesScanJobs = capabilities.problems.length === 0;
  if (!takesScanJobs) {
    logger.error({ workerId: id, problems: capabilities.problems }, `this host cannot scan, so this worker takes no scan jobs: ${capabilities.problems.join('; ')}`);
  }

  const control = createRedisClient(deps.config.REDIS_URL, { name: 'portcullis-worker' });
  control.on('error', (error: Error) => logger.warn({ err: error.message }, 'worker Redis error'));
  await control.connect();
  const connection = bullmqConnection(deps.config.REDIS_URL);
  const flows = new FlowProducer({ connection, prefix: settings.prefix });
  const active = new ActiveRuns();
  const ctx: WorkerContext = {
    workerId: id, service: deps.service, config: deps.config, settings, logger, active, control, flows,
    publish: createRunEventPublisher(control, logger, runEventsChannel(deps.config.DATABASE_URL)),
    runScan: deps.runScan ?? runScan,
  };

  const runHandlers: Record<string, Handler> = { [JOB_NAMES.run]: handleRunJob, [JOB_NAMES.chunk]: handleChunkJob, [JOB_NAMES.merge]: handleMergeJob };
  const scheduleHandlers: Record<string, Handler> = { [JOB_NAMES.scheduled]: handleScheduledJob, [JOB_NAMES.report]: handleReportJob };
  assertHandlers(runHandlers, QUEUE_JOBS[RUNS_QUEUE]);
  assertHandlers(scheduleHandlers, QUEUE_JOBS[SCHEDULES_QUEUE]);

  const processorFor = (handlers: Record<string, Handler>) => async (job: Job, token?: string) => {
    const handler = handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    try {
      return await handler(job, ctx);
    } catch (error) {
      if (!(error instanceof HandBack)) throw error;
      await job.moveToDelayed(Date.now() + 200, token);
      throw new DelayedError();
    }
  };
  const common = { connection, prefix: settings.prefix, lockDuration: settings.lockDurationMs, stalledInterval: settings.stalledIntervalMs, maxStalledCount: settings.maxStalledCount };
  const workers: Worker[] = [new Worker(SCHEDULES_QUEUE, processorFor(scheduleHandlers), { ...common, concurrency: 1 })];
  let runsQueue: Queue | null = null;
  if (takesScanJobs) {
    const runWorker = new Worker(RUNS_QUEUE, processorFor(runHandlers), { ...common, concurrency: deps.config.WORKER_CONCURRENCY, name: id });
    runsQueue = new Queue(RUNS_QUEUE, { connection, prefix: settings.prefix });
    watchJobFailures(runWorker, runsQueue, ctx);
    workers.push(runWorker);
  }
  for (const w of workers) w.on('error', (error) => logger.warn({ err: error.message, queue: w.name }, 'worker queue error'));
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  const subscriber = createRedisClient(deps.config.REDIS_URL, { name: 'portcullis-worker-cancels' });
  subscriber.on('error', (error: Error) => logger.warn({ err: error.message }, 'cancel listener Redis error'));
  const stopListening = await listenForCancels(subscriber, settings.prefix, (runId) => {
    const stopped = active.stop(runId, 'cancelled');
    if (stopped > 0) logger.info({ runId, scans: stopped }, 'cancel request: stopping the run');
  });
  const stopHeartbeat = startHeartbeat(deps.service, { id, host: hostname(), version: deps.version ?? 'unknown', capabilities, intervalSeconds: deps.config.HEARTBEAT_INTERVAL_SECONDS, runningJobs: () => active.size }, logger);
  logger.info({ workerId: id, takesScanJobs, prefix: settings.prefix }, 'worker started');

  let closing: Promise<void> | null = null;
  const close = async () => {
    stopHeartbeat();
    const stopping = Promise.all(workers.map((w) => w.close()));
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => {
      graceTimer = setTimeout(() => resolve('grace-over'), settings.graceMs);
    });
    if ((await Promise.race([stopping.then(() => 'done' as const), graceOver])) === 'grace-over') {
      logger.warn({ running: active.size }, 'shutdown grace period over: handing the running jobs back to the queue');
      active.stopAll('shutdown');
    }
    clearTimeout(graceTimer);
    await stopping.catch((error: unknown) => logger.warn({ err: messageOf(error) }, 'worker close'));
    await stopListening();
    await Promise.all([flows.close(), runsQueue?.close()]).catch(() => undefined);
    await control.quit().catch(() => control.destroy());
    logger.info({ workerId: id }, 'worker stopped');
  };
  return {
    id,
    capabilities,
    takesScanJobs,
    close: () => (closing ??= close()),
  };
}
