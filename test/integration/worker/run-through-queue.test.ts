// A run end-to-end through the queue with an in-process worker: nmap and masscan against a real test
// host, stop while planned and while running, Redis down at create, and schedules that fire and skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logger.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createBullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { jobIds } from '../../../worker/queues.js';
import { admin, createHarness, type Harness } from './harness.js';
import { startOwnRedis } from './own-redis.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ servers: ['http', 'ssh'] });
}, 60_000);
afterAll(async () => {
  await h?.destroy();
}, 60_000);

/** Whether a scanner process aimed at `ip` still runs on this machine (read-only look at /proc). */
async function toolProcessesFor(ip: string): Promise<number> {
  const { readdir, readFile } = await import('node:fs/promises');
  let count = 0;
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (/(nmap|masscan)/.test(cmdline.split('\0')[0] ?? '') && cmdline.includes(ip)) count += 1;
  }
  return count;
}

describe('runs through the queue', () => {
  it('runs an nmap scan end-to-end: planned → running → completed, ports stored, logs written, worker registered', async () => {
    const worker = await h.startWorker();
    const ports = h.host.openPorts.join(',');
    const { scan, run } = await h.service.create(admin, { name: 'e2e-nmap', targets: h.host.ip, ports, scanner: 'nmap', rate: 500 });
    expect(run?.status).toBe('planned');
    const done = await h.waitForRun(scan.id, 1, (r) => r.status !== 'planned' && r.status !== 'running');
    expect(done).toMatchObject({ status: 'completed', openPorts: h.host.openPorts.length, error: null });
    const diff = await h.service.diff(scan.id);
    expect(diff.new.map((p) => p.port).sort((a, b) => a - b)).toEqual(h.host.openPorts);
    const logs = await h.service.logs(scan.id);
    expect(logs.lines.some((l) => l.message.includes(`scanner ${h.scannerName} (${worker.id}) started the run`))).toBe(true);
    const scanners = await h.service.scanners();
    expect(scanners.find((s) => s.id === h.scannerName)).toMatchObject({ online: true, pool: 'default', capabilities: { rawSockets: true, problems: [] } });
    expect(scanners.filter((s) => s.id === h.scannerName)).toHaveLength(1);
  });

  it('runs a masscan scan end-to-end through the adapter of the test host', async () => {
    const { scan } = await h.service.create(admin, { name: 'e2e-masscan', targets: h.host.ip, ports: h.host.openPorts.join(','), scanner: 'masscan', rate: 500 });
    const done = await h.waitForRun(scan.id, 1, (r) => r.status !== 'planned' && r.status !== 'running');
    expect(done).toMatchObject({ status: 'completed', openPorts: h.host.openPorts.length });
  });

  it('stops a running hybrid run: tool process gone, status cancelled, masscan ports kept', async () => {
    const { scan } = await h.service.create(admin, { name: 'stop-running', targets: h.host.ip, ports: h.host.openPorts.join(','), scanner: 'hybrid', rate: 500 });
    await h.waitForShow(scan.id, (s) => s.status === 'running' && (s.progress ?? 0) >= 75, 60_000);
    await h.service.stop(admin, scan.id);
    const stopped = await h.waitForRun(scan.id, 1, (r) => r.status !== 'running', 10_000);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.openPorts).toBe(h.host.openPorts.length);
    expect(await toolProcessesFor(h.host.ip)).toBe(0);
  });
});

describe('stop while planned and Redis down', () => {
  it('removes a planned run from the queue and cancels it', async () => {
    const downDispatcher = createBullmqDispatcher({ redisUrl: h.config.REDIS_URL, prefix: `${h.prefix}-idle`, timeoutMs: 2000, orders: (job) => h.signer.sign(job) });
    const service = createScanService({ db: h.database.db, dispatcher: downDispatcher, config: h.config, logger: createLogger('silent', { pretty: false }) });
    try {
      const { scan, run } = await service.create(admin, { name: 'stop-planned', targets: h.host.ip, ports: '8080', scanner: 'nmap' });
      expect(await downDispatcher.queue.getJob(jobIds.run(run?.runId ?? 0))).toBeDefined();
      await service.stop(admin, scan.id);
      expect((await service.history(scan.id))[0]?.status).toBe('cancelled');
      expect(await downDispatcher.queue.getJob(jobIds.run(run?.runId ?? 0))).toBeUndefined();
    } finally {
      await downDispatcher.queue.obliterate({ force: true }).catch(() => undefined);
      await downDispatcher.close();
    }
  });

  it('records submit_error with the reason when its Redis is down at create', async () => {
    const own = await startOwnRedis();
    const dispatcher = createBullmqDispatcher({ redisUrl: own.url, timeoutMs: 1500, orders: (job) => h.signer.sign(job) });
    const service = createScanService({ db: h.database.db, dispatcher, config: h.config, logger: createLogger('silent', { pretty: false }) });
    try {
      await own.stop();
      const { scan, run } = await service.create(admin, { name: 'redis-down', targets: h.host.ip, ports: '8080', scanner: 'nmap' });
      expect(run?.status).toBe('submit_error');
      const history = await service.history(scan.id);
      expect(history[0]).toMatchObject({ status: 'submit_error' });
      expect(history[0]?.error).toMatch(new RegExp(`Redis at ${own.url} unreachable`));
    } finally {
      await dispatcher.close();
      await own.stop();
    }
  });
});

describe('schedules', () => {
  it('fires a schedule, skipping firings while a run is active', async () => {
    const dispatcher = createBullmqDispatcher({ redisUrl: h.config.REDIS_URL, prefix: `${h.prefix}-sched`, timeoutMs: 2000, orders: (job) => h.signer.sign(job) });
    const service = createScanService({ db: h.database.db, dispatcher, config: h.config, logger: createLogger('silent', { pretty: false }) });
    const { startScheduleRunner } = await import('../../../control/schedule-runner.js');
    // The control plane takes schedule firings; no scanner serves this prefix, so run 1 stays planned (active).
    const scheduleOnly = await startScheduleRunner({ service, config: h.config, logger: createLogger('silent', { pretty: false }), prefix: `${h.prefix}-sched` });
    try {
      const { scan } = await service.create(admin, { name: 'sched', targets: h.host.ip, ports: '8080', scanner: 'nmap' });
      await dispatcher.setSchedule(scan.id, '*/1 * * * * *', 'Europe/Paris');
      await new Promise((r) => setTimeout(r, 3500));
      expect(await service.history(scan.id)).toHaveLength(1);
      await service.stop(admin, scan.id);
      await h.waitForRun(scan.id, 2, () => true, 10_000).catch(async () => {
        throw new Error(`no scheduled run: ${JSON.stringify(await service.history(scan.id))}`);
      });
      const history = await service.history(scan.id);
      expect(history.find((r) => r.run === 2)).toMatchObject({ trigger: 'schedule', status: 'planned' });
      await dispatcher.removeSchedule(scan.id);
      expect(await dispatcher.schedules.getJobSchedulers()).toHaveLength(0);
    } finally {
      await scheduleOnly.close();
      await dispatcher.queue.obliterate({ force: true }).catch(() => undefined);
      await dispatcher.schedules.obliterate({ force: true }).catch(() => undefined);
      await dispatcher.close();
    }
  });
});
