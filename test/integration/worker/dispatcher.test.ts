// The BullMQ RunDispatcher against real Redis: jobs queued under a random prefix, cancel of a waiting
// job, cancel requests heard by a subscriber, schedules, and fast clear failures when Redis is down.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../../core/redis.js';
import { createBullmqDispatcher, type BullmqDispatcher, type OrderSource } from '../../../worker/bullmq-dispatcher.js';
import { listenForCancels, isCancelRequested } from '../../../worker/cancel-channel.js';
import { jobIds, JOB_NAMES } from '../../../worker/queues.js';
import { startOwnRedis, freePort } from './own-redis.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Stands in for the order signer (control/order-signing.ts, tested with real keys elsewhere). */
const orders: OrderSource = async (job) => {
  if (job.runId < 0) throw new Error(`Run ${job.runId} does not exist`);
  return { pool: job.pool ?? 'default', signed: { order: JSON.stringify({ runId: job.runId }), signature: 'c2lnbmVk' } };
};

function dispatcherFor(url: string, timeoutMs?: number): BullmqDispatcher {
  const sut = createBullmqDispatcher({ redisUrl: url, prefix: `t-${randomUUID()}`, orders, ...(timeoutMs ? { timeoutMs } : {}) });
  cleanups.push(async () => {
    if (url === REDIS_URL) {
      await sut.queue.obliterate({ force: true }).catch(() => undefined);
      await sut.schedules.obliterate({ force: true }).catch(() => undefined);
    }
    await sut.close();
  });
  return sut;
}

describe('BullMQ dispatcher on node-redis', () => {
  it('queues a run as its signed order, on its pool\'s queue, with an id derived from the run', async () => {
    const sut = dispatcherFor(REDIS_URL);
    await sut.submit({ scanId: 'SCAN-1001', runId: 7, run: 1 });
    const job = await sut.queue.getJob(jobIds.run(7));
    expect(job?.name).toBe(JOB_NAMES.run);
    expect(job?.data).toEqual({ order: '{"runId":7}', signature: 'c2lnbmVk' });
    expect(await job?.getState()).toBe('waiting');
    await sut.submit({ scanId: 'SCAN-1001', runId: 8, run: 2, pool: 'dmz' });
    expect(await sut.queue.getJob(jobIds.run(8))).toBeUndefined();
    expect((await sut.poolQueue('dmz').getJob(jobIds.run(8)))?.data).toMatchObject({ order: '{"runId":8}' });
    await sut.poolQueue('dmz').obliterate({ force: true });
    await expect(sut.submit({ scanId: 'SCAN-1001', runId: -1, run: 1 })).rejects.toThrow(/Run -1 does not exist/);
    const unsigned = createBullmqDispatcher({ redisUrl: REDIS_URL, prefix: `t-${randomUUID()}` });
    cleanups.push(() => unsigned.close());
    await expect(unsigned.submit({ scanId: 'SCAN-1001', runId: 9, run: 1 })).rejects.toThrow(/signs no orders/);
  });

  it('removes a waiting run on cancel and tells the workers', async () => {
    const sut = dispatcherFor(REDIS_URL);
    const heard: number[] = [];
    const stopListening = await listenForCancels(createRedisClient(REDIS_URL), sut.prefix, (runId) => heard.push(runId));
    cleanups.push(stopListening);
    await sut.submit({ scanId: 'SCAN-1002', runId: 8, run: 1 });
    await sut.cancel({ scanId: 'SCAN-1002', runId: 8, run: 1 });
    expect(await sut.queue.getJob(jobIds.run(8))).toBeUndefined();
    await expect.poll(() => heard, { timeout: 2000 }).toEqual([8]);
    const probe = createRedisClient(REDIS_URL);
    await probe.connect();
    cleanups.push(async () => void (await probe.quit()));
    expect(await isCancelRequested(probe, sut.prefix, 8)).toBe(true);
    expect(await isCancelRequested(probe, sut.prefix, 9)).toBe(false);
  });

  it('creates, replaces and removes a cron schedule with its time zone', async () => {
    const sut = dispatcherFor(REDIS_URL);
    await sut.setSchedule('SCAN-1003', '0 3 * * *', 'Europe/Paris');
    await sut.setSchedule('SCAN-1003', '30 4 * * 1', 'America/New_York');
    const schedulers = await sut.schedules.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: jobIds.scheduler('SCAN-1003'), pattern: '30 4 * * 1', tz: 'America/New_York' });
    await sut.removeSchedule('SCAN-1003');
    expect(await sut.schedules.getJobSchedulers()).toHaveLength(0);
  });

  it('fails submit quickly with the reason when Redis was never reachable', async () => {
    const port = await freePort();
    const sut = dispatcherFor(`redis://127.0.0.1:${port}`, 1500);
    const started = Date.now();
    await expect(sut.submit({ scanId: 'SCAN-1004', runId: 1, run: 1 })).rejects.toThrow(new RegExp(`Redis at redis://127.0.0.1:${port} unreachable`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails submit with the reason once its Redis stops', async () => {
    const own = await startOwnRedis();
    cleanups.push(own.stop);
    const sut = dispatcherFor(own.url, 1500);
    await sut.submit({ scanId: 'SCAN-1005', runId: 1, run: 1 });
    await own.stop();
    await expect(sut.submit({ scanId: 'SCAN-1005', runId: 2, run: 2 })).rejects.toThrow(new RegExp(`Redis at ${own.url} unreachable: .*ECONNREFUSED.* — start Redis or set REDIS_URL`));
  });

  it('reports a Redis that refuses writes (out of memory) as a submit failure', async () => {
    const own = await startOwnRedis(['--maxmemory', '1', '--maxmemory-policy', 'noeviction']);
    cleanups.push(own.stop);
    const sut = dispatcherFor(own.url, 1500);
    await expect(sut.submit({ scanId: 'SCAN-1006', runId: 1, run: 1 })).rejects.toThrow(/OOM|refused/);
  });
});
