// The RunDispatcher (core's port to the queue, core/scans/run-dispatcher.ts, matched structurally so this
// file imports nothing of core/scans) on BullMQ, run by the control plane: submit signs the run's order
// (through `orders`) and enqueues it on its pool's queue, cancel removes a waiting job or signals the
// scanner holding it, schedules are BullMQ job schedulers keyed by scan id. Every Redis call has a short
// deadline, so a dead Redis turns into submit_error in seconds.
import { Queue } from 'bullmq';
import { DEFAULT_POOL } from '../core/events/scanner-keys.js';
import type { SignedOrder } from '../core/orders/scan-order.js';
import { createRedisClient, redactUrl, type RedisClient } from '../core/redis.js';
import type { Logger } from '../core/logger.js';
import { requestCancel } from './cancel-channel.js';
import { bullmqConnection } from './queue-connection.js';
import { DEFAULT_PREFIX, JOB_NAMES, jobIds, parsePayload, runsQueueName, SCHEDULES_QUEUE } from './queues.js';
import { withTimeout } from './with-timeout.js';

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
  close(): Promise<void>;
}

const KEEP_JOBS = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };

export function createBullmqDispatcher(options: BullmqDispatcherOptions): BullmqDispatcher {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? 3000;
  const where = redactUrl(options.redisUrl);
  let lastRedisError: string | null = null;
  const watch = (q: Queue): Queue => {
    q.on('error', (error: Error) => {
      lastRedisError = error.message;
      options.logger?.warn({ err: error.message, queue: q.name }, 'queue: Redis error');
    });
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

  /** Turns a failed Redis call into an error that says what failed and where. */
  function explain(action: string, error: unknown): Error {
    const reason = error instanceof Error ? error.message : String(error);
    const detail = lastRedisError && !reason.includes(lastRedisError) ? ` (${lastRedisError})` : '';
    return new Error(`could not ${action}: Redis at ${where} unreachable or refused — ${reason}${detail}`, { cause: error });
  }

  async function controlClient(): Promise<RedisClient> {
    if (!control) {
      control = createRedisClient(options.redisUrl, { failWhenOffline: true, name: 'portcullis-control' });
      control.on('error', (error: Error) => {
        lastRedisError = error.message;
      });
    }
    if (!control.isOpen) await control.connect();
    return control;
  }

  async function call<T>(action: string, work: () => Promise<T>, onLate?: (value: T) => void): Promise<T> {
    try {
      return await withTimeout(work(), timeoutMs, action, onLate);
    } catch (error) {
      throw explain(action, error);
    }
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
        () => target.add(JOB_NAMES.run, data, { jobId: jobIds.run(job.runId), ...KEEP_JOBS }),
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
    async close() {
      const client = control as RedisClient | null;
      if (client?.isOpen) await client.quit().catch(() => client.destroy());
      else client?.destroy();
      await withTimeout(Promise.all([...pools.values(), schedules].map((q) => q.close())), timeoutMs, 'close the queues').catch(() => undefined);
    },
  };
}
