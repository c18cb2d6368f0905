// Assembles a scanner process: capability probe, its identity and pool, the BullMQ worker for its pool's
// signed orders (only on a host able to scan), the cancel listener, the heartbeat, crash handling and the
// graceful shutdown that lets short runs finish and hands the rest back to the queue. It talks to Redis
// only (its own credential): every report goes over its result stream to the control plane.
import { randomBytes, type KeyObject } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, FlowProducer, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { reportRedisOutages } from '../core/health/outage-notice.js';
import type { Logger } from '../core/logger.js';
import { createRedisClient } from '../core/redis.js';
import { probeCapabilities } from '../scanner/capabilities.js';
import { runScan } from '../scanner/engine.js';
import type { Capabilities } from '../scanner/types.js';
import { ActiveRuns } from './active-runs.js';
import { listenForCancels } from './cancel-channel.js';
import { handleChunkJob } from './handlers/chunk-job.js';
import { handleMergeJob } from './handlers/merge-job.js';
import { handleRunJob } from './handlers/run-job.js';
import { startHeartbeat } from './heartbeat.js';
import { watchJobFailures } from './job-failures.js';
import { bullmqConnection } from './queue-connection.js';
import { assertHandlers, JOB_NAMES, RUN_JOBS, runsQueueName } from './queues.js';
import { createStreamScanService } from './result-stream.js';
import type { RunScan } from './scan-execution.js';
import { resolveScannerIdentity } from './scanner-identity.js';
import { HandBack, messageOf, type ScannerConfig, type ScannerIdentity, type WorkerContext, type WorkerScanService } from './worker-context.js';
import { loadWorkerSettings, type WorkerSettings } from './worker-settings.js';

export interface ScanWorkerDeps {
  config: ScannerConfig;
  logger: Logger;
  /** The control plane's order-verification key (SCANNER_ORDER_KEY). */
  orderKey: KeyObject;
  settings?: WorkerSettings;
  version?: string;
  runScan?: RunScan;
  probe?: () => Promise<Capabilities>;
  /** Tests: report somewhere else than the scanner's result stream. */
  service?: WorkerScanService;
}

export interface ScanWorker {
  id: string;
  scanner: ScannerIdentity;
  capabilities: Capabilities;
  /** False when the host cannot scan: it then takes no jobs at all (and says why). */
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

  const control = createRedisClient(deps.config.REDIS_URL, { name: 'portcullis-scanner' });
  reportRedisOutages(control, logger, 'scanner connection'); // one 'degraded' line per outage, one 'recovered'
  await control.connect();
  const scanner = await resolveScannerIdentity(control, deps.config.REDIS_URL, settings);
  if (!takesScanJobs) {
    logger.error({ workerId: id, scanner: scanner.name, problems: capabilities.problems }, `this host cannot scan, so this worker takes no scan jobs: ${capabilities.problems.join('; ')}`);
  }
  const connection = bullmqConnection(deps.config.REDIS_URL);
  const flows = new FlowProducer({ connection, prefix: settings.prefix });
  flows.on('error', (error: Error) => logger.warn({ err: error.message }, 'scanner flow producer error'));
  const active = new ActiveRuns();
  const service = deps.service ?? createStreamScanService(control, settings.prefix, scanner.name);
  const ctx: WorkerContext = {
    workerId: id, scanner, service, config: deps.config, settings, logger, active, control, flows,
    runScan: deps.runScan ?? runScan, orderKey: deps.orderKey, seenOrders: new Map(),
  };

  const runHandlers: Record<string, Handler> = { [JOB_NAMES.run]: handleRunJob, [JOB_NAMES.chunk]: handleChunkJob, [JOB_NAMES.merge]: handleMergeJob };
  assertHandlers(runHandlers, RUN_JOBS);

  const processor = async (job: Job, token?: string) => {
    const handler = runHandlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    try {
      return await handler(job, ctx);
    } catch (error) {
      if (!(error instanceof HandBack)) throw error;
      await job.moveToDelayed(Date.now() + 200, token);
      throw new DelayedError();
    }
  };
  const queueName = runsQueueName(scanner.pool);
  const workers: Worker[] = [];
  let runsQueue: Queue | null = null;
  if (takesScanJobs) {
    const runWorker = new Worker(queueName, processor, {
      connection, prefix: settings.prefix, lockDuration: settings.lockDurationMs, stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount, concurrency: deps.config.WORKER_CONCURRENCY, name: id,
    });
    runsQueue = new Queue(queueName, { connection, prefix: settings.prefix });
    runsQueue.on('error', (error: Error) => logger.warn({ err: error.message, queue: queueName }, 'scanner queue error'));
    runWorker.on('error', (error: Error) => logger.warn({ err: error.message, queue: queueName }, 'scanner queue error'));
    watchJobFailures(runWorker, runsQueue, ctx);
    workers.push(runWorker);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  const subscriber = createRedisClient(deps.config.REDIS_URL, { name: 'portcullis-scanner-cancels' });
  reportRedisOutages(subscriber, logger, 'cancel listener');
  const stopListening = await listenForCancels(subscriber, settings.prefix, (runId) => {
    const stopped = active.stop(runId, 'cancelled');
    if (stopped > 0) logger.info({ runId, scans: stopped }, 'cancel request: stopping the run');
  });
  const stopHeartbeat = startHeartbeat(service, { id, host: hostname(), version: deps.version ?? 'unknown', capabilities, intervalSeconds: deps.config.HEARTBEAT_INTERVAL_SECONDS, runningJobs: () => active.size }, logger);
  logger.info({ workerId: id, scanner: scanner.name, pool: scanner.pool, takesScanJobs, prefix: settings.prefix }, 'scanner started');

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
    logger.info({ workerId: id, scanner: scanner.name }, 'scanner stopped');
  };
  return {
    id,
    scanner,
    capabilities,
    takesScanJobs,
    close: () => (closing ??= close()),
  };
}
