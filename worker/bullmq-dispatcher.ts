// The RunDispatcher (core's port to the queue) on BullMQ: submit enqueues a run job, cancel removes a
// waiting job or signals the worker holding it, schedules are BullMQ job schedulers keyed by scan id.
// Every Redis call has a short deadline, so a dead Redis turns into submit_error in seconds.
import { Queue } from 'bullmq';
import { createRedisClient, redactUrl, type RedisClient } from '../core/redis.js';
import type { RunDispatcher, RunJob } from '../core/scans/run-dispatcher.js';
import type { Logger } from '../core/logger.js';
import { requestCancel } from './cancel-channel.js';
import { bullmqConnection } from './queue-connection.js';
import { DEFAULT_PREFIX, JOB_NAMES, jobIds, parsePayload, RUNS_QUEUE, SCHEDULES_QUEUE } from './queues.js';
import { withTimeout } from './with-timeout.js';

export interface BullmqDispatcherOptions {
  redisUrl: string;
  /** BullMQ key prefix; tests use a random one. */
  prefix?: string;
  /** Deadline of each Redis call made for a command (default 3000 ms). */
  timeoutMs?: number;
  logger?: Logger;
}

export interface BullmqDispatcher extends RunDispatcher {
  readonly queue: Queue;
  readonly schedules: Queue;
  readonly prefix: string;
  close(): Promise<void>;
}

const KEEP_JOBS = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };

export function createBullmqDispatcher(options: BullmqDispatcherOptions): BullmqDispatcher {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? 3000;
  const where = redactUrl(options.redisUrl);
  const queue = new Queue(RUNS_QUEUE, { connection: bullmqConnection(options.redisUrl), prefix });
  const schedules = new Queue(SCHEDULES_QUEUE, { connection: bullmqConnection(options.redisUrl), prefix });
  let lastRedisError: string | null = null;
  for (const q of [queue, schedules]) {
    q.on('error', (error: Error) => {
      lastRedisError = error.message;
      options.logger?.warn({ err: error.message, queue: q.name }, 'queue: Redis error');
    });
  }
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
    schedules,
    prefix,
    async submit(job: RunJob) {
      const data = parsePayload(JOB_NAMES.run, job);
      await call(
        `queue run ${job.run} of ${job.scanId}`,
        () => queue.add(JOB_NAMES.run, data, { jobId: jobIds.run(job.runId), ...KEEP_JOBS }),
        // The run is submit_error by now: a job that got through late must not run it.
        (late) => void late.remove().catch(() => undefined),
      );
    },
    async cancel(job: RunJob) {
      await call(`stop run ${job.run} of ${job.scanId}`, async () => {
        const waiting = await queue.getJob(jobIds.run(job.runId));
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
      await withTimeout(Promise.all([queue.close(), schedules.close()]), timeoutMs, 'close the queues').catch(() => undefined);
    },
  };
}
