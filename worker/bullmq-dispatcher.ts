// The RunDispatcher (core's port to the queue, core/scans/run-dispatcher.ts) on BullMQ, run by the control
// plane: submit signs the run's order (through `orders`) and enqueues it on its pool's queue (retried with
// backoff), cancel removes a waiting job or signals the scanner holding it, inspect tells the reaper and
// /scan stop whether anyone still holds a run, schedules are BullMQ job schedulers keyed by scan id. Every
// Redis call has a short deadline, so a dead Redis turns into submit_error in seconds, and the reason given
// is the error of that attempt — never one left over from an earlier outage.
import { Queue } from 'bullmq';
import { DEFAULT_POOL } from '../core/events/scanner-keys.js';
import { DeadlineError, withDeadline } from '../core/deadline.js';
import { outageNotice } from '../core/health/outage-notice.js';
import type { SignedOrder } from '../core/orders/scan-order.js';
import { createRedisClient, redactUrl, REDIS_HINT, type RedisClient } from '../core/redis.js';
import type { JobInspection } from '../core/orders/job-inspection.js';
import type { Logger } from '../core/logger.js';
import { requestCancel } from './cancel-channel.js';
import { bullmqConnection } from './queue-connection.js';
import { DEFAULT_PREFIX, JOB_NAMES, jobIds, parsePayload, runsQueueName, SCHEDULES_QUEUE } from './queues.js';

/** A run to queue (core's RunJob). */
export interface DispatchJob {
  scanId: string;
  runId: number;
  run: number;
  pool?: string;
}

/** Signs the run's order (control/order-signing.ts); throws a message for the run when it cannot. */
export type OrderSource = (job: DispatchJob) => Promise<{ pool: string; signed: SignedOrder }>;

export interface BullmqDispatcherOptions {
  redisUrl: string;
  /** BullMQ key prefix; tests use a random one. */
  prefix?: string;
  /** Deadline of each Redis call made for a command (default 3000 ms). */
  timeoutMs?: number;
  logger?: Logger;
  /** Where signed orders come from; without it submit refuses (a dispatcher for schedules and cancels only). */
  orders?: OrderSource;
}

export interface BullmqDispatcher {
  submit(job: DispatchJob): Promise<void>;
  cancel(job: DispatchJob): Promise<void>;
  setSchedule(scanId: string, cron: string, timezone: string | null): Promise<void>;
  removeSchedule(scanId: string): Promise<void>;
  /** The default pool's queue. */
  readonly queue: Queue;
  /** The queue of a pool (created on first use). */
  poolQueue(pool: string): Queue;
  readonly schedules: Queue;
  readonly prefix: string;
  inspect(job: DispatchJob): Promise<JobInspection>;
  /** Scan ids that have a job scheduler in Redis now. */
  scheduledScanIds(): Promise<string[]>;
  /** A key that lives as long as Redis keeps its data: missing after a restart without persistence. */
  markSchedulesSynced(): Promise<void>;
  schedulesSynced(): Promise<boolean>;
  close(): Promise<void>;
}

const KEEP_JOBS = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };
/** A run job whose handler threw (e.g. its results could not be stored) is tried again: 5 s, then 10 s. */
export const RUN_JOB_RETRIES = { attempts: 3, backoff: { type: 'exponential', delay: 5000 } } as const;
const LIVE_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children', 'wait', 'paused']);

export function createBullmqDispatcher(options: BullmqDispatcherOptions): BullmqDispatcher {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? 3000;
  const where = redactUrl(options.redisUrl);
  const notice = options.logger ? outageNotice('redis', options.logger) : null;
  /** Connection errors with when they happened, so an attempt only cites errors of its own time. */
  let lastRedisError: { message: string; at: number } | null = null;
  const noteError = (error: Error, source: string) => {
    lastRedisError = { message: error.message, at: Date.now() };
    notice?.failed(error, source);
  };
  const watch = (q: Queue): Queue => {
    q.on('error', (error: Error) => noteError(error, `queue ${q.name}`));
    return q;
  };
  const pools = new Map<string, Queue>();
  const poolQueue = (pool: string): Queue => {
    let q = pools.get(pool);
    if (!q) {
      q = watch(new Queue(runsQueueName(pool), { connection: bullmqConnection(options.redisUrl), prefix }));
      pools.set(pool, q);
    }
    return q;
  };
  const queue = poolQueue(DEFAULT_POOL);
  const schedules = watch(new Queue(SCHEDULES_QUEUE, { connection: bullmqConnection(options.redisUrl), prefix }));
  let control: RedisClient | null = null;

  /**
   * Turns a failed Redis call into an error that says what failed, where, why — the connection error seen
   * during this attempt, not one from an earlier outage — and what to do.
   */
  function explain(action: string, error: unknown, startedAt: number): Error {
    const recent = lastRedisError && lastRedisError.at >= startedAt - 5000 ? lastRedisError.message : null;
    if (error instanceof DeadlineError) {
      const why = recent ? `${recent} (no answer within ${error.ms} ms)` : `no answer within ${error.ms} ms`;
      return new Error(`could not ${action}: Redis at ${where} unreachable: ${why} — ${REDIS_HINT}`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`could not ${action}: Redis at ${where} refused it: ${reason} — check Redis (memory, ACL) or set REDIS_URL`, { cause: error });
  }

  async function controlClient(): Promise<RedisClient> {
    if (!control) {
      control = createRedisClient(options.redisUrl, { failWhenOffline: true, name: 'portcullis-control' });
      control.on('error', (error: Error) => noteError(error, 'control client'));
      control.on('ready', () => notice?.recovered());
    }
    if (!control.isOpen) await control.connect();
    return control;
  }

  async function call<T>(action: string, work: () => Promise<T>, onLate?: (value: T) => void): Promise<T> {
    const startedAt = Date.now();
    try {
      const value = await withDeadline(work(), timeoutMs, action, onLate);
      notice?.recovered();
      return value;
    } catch (error) {
      throw explain(action, error, startedAt);
    }
  }

  async function inspectOne(queue: Queue, jobId: string): Promise<JobInspection | null> {
    const job = await queue.getJob(jobId);
    if (!job) return null;
    const state = await job.getState();
    const base = { queueState: state, ...(job.failedReason ? { failedReason: job.failedReason } : {}), ...(job.finishedOn ? { finishedOn: job.finishedOn } : {}) };
    if (LIVE_STATES.has(state)) return { state: 'live', ...base };
    if (state === 'active') {
      const locked = (await (await controlClient()).exists(`${queue.toKey(jobId)}:lock`)) === 1;
      return { state: locked ? 'live' : 'stalled', ...base };
    }
    if (state === 'completed' || state === 'failed') return { state: 'finished', ...base };
    return { state: 'missing', ...base };
  }

  return {
    queue,
    poolQueue,
    schedules,
    prefix,
    async submit(job: DispatchJob) {
      if (!options.orders) throw new Error('this dispatcher signs no orders (no order signing key wired): run it on the control plane');
      const { pool, signed } = await options.orders(job);
      const data = parsePayload(JOB_NAMES.run, signed);
      const target = poolQueue(pool);
      await call(
        `queue run ${job.run} of ${job.scanId}`,
        () => target.add(JOB_NAMES.run, data, { jobId: jobIds.run(job.runId), ...RUN_JOB_RETRIES, ...KEEP_JOBS }),
        // The run is submit_error by now: a job that got through late must not run it.
        (late) => void late.remove().catch(() => undefined),
      );
    },
    async cancel(job: DispatchJob) {
      await call(`stop run ${job.run} of ${job.scanId}`, async () => {
        const waiting = await poolQueue(job.pool ?? DEFAULT_POOL).getJob(jobIds.run(job.runId));
        const state = waiting ? await waiting.getState() : null;
        if (waiting && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
          await waiting.remove().catch(() => undefined);
        }
        await requestCancel(await controlClient(), prefix, job.runId);
      });
    },
    async inspect(job: DispatchJob) {
      return call(`look up run ${job.run} of ${job.scanId} on the queue`, async () => {
        const queue = poolQueue(job.pool ?? DEFAULT_POOL);
        const run = await inspectOne(queue, jobIds.run(job.runId));
        // A split run: the run job completes once it has queued its chunks; the merge job ends the run.
        if (!run || (run.state === 'finished' && run.queueState === 'completed')) {
          const merge = await inspectOne(queue, jobIds.merge(job.runId));
          if (merge) return merge;
        }
        return run ?? { state: 'missing' };
      });
    },
    async setSchedule(scanId: string, cron: string, timezone: string | null) {
      await call(`schedule ${scanId}`, () =>
        schedules.upsertJobScheduler(
          jobIds.scheduler(scanId),
          { pattern: cron, ...(timezone ? { tz: timezone } : {}) },
          { name: JOB_NAMES.scheduled, data: parsePayload(JOB_NAMES.scheduled, { scanId }), opts: KEEP_JOBS },
        ),
      );
    },
    async removeSchedule(scanId: string) {
      await call(`remove the schedule of ${scanId}`, () => schedules.removeJobScheduler(jobIds.scheduler(scanId)));
    },
    async scheduledScanIds() {
      const schedulerPrefix = jobIds.scheduler('');
      return call('list the schedules', async () => {
        const found = await schedules.getJobSchedulers(0, -1);
        return found.map((s) => s.key).filter((key) => key.startsWith(schedulerPrefix)).map((key) => key.slice(schedulerPrefix.length));
      });
    },
    async markSchedulesSynced() {
      await call('mark the schedules registered', async () => void (await (await controlClient()).set(`${prefix}:portcullis:schedules-synced`, new Date().toISOString())));
    },
    async schedulesSynced() {
      return call('check the schedules', async () => (await (await controlClient()).exists(`${prefix}:portcullis:schedules-synced`)) === 1);
    },
    async close() {
      const client = control as RedisClient | null;
      if (client?.isReady) await withDeadline(client.quit(), timeoutMs, 'close the control client').catch(() => client.destroy());
      else client?.destroy();
      // A healthy Redis closes in milliseconds; a dead one would hold the process for the whole deadline.
      const closeMs = lastRedisError && Date.now() - lastRedisError.at < 10_000 ? 500 : timeoutMs;
      await withDeadline(Promise.all([...pools.values(), schedules].map((q) => q.close())), closeMs, 'close the queues').catch(() => undefined);
    },
  };
}
