// One-shot commands against dead dependencies, for real: `portcullis chat "/scan create …"` with its
// Redis stopped records the run as submit_error and exits 1 within 10 s saying why and what to do (also
// with --wait); `migrate` and `chat` against a PostgreSQL that refuses or never answers fail within 10 s;
// a submit_error carries the error of its own attempt, not one left over from an earlier outage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as migrateRun } from '../../../cli/commands/migrate.js';
import { loadConfig } from '../../../core/config.js';
import { createLogger } from '../../../core/logger.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createBullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { chat } from '../console/chat-helpers.js';
import { freePort, startOwnRedis } from '../worker/own-redis.js';
import { capturingStderr, randomPrefix, startSilentServer, SwitchableRedis } from './fault-kit.js';
import { spawnPortcullis } from './process-kit.js';

const saved = { ...process.env };
let database: TestDatabase;
let redis: SwitchableRedis;

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await SwitchableRedis.start();
  Object.assign(process.env, { DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: randomPrefix(), SCOPE_ALLOW: '198.19.250.0/24', PORT: '0' });
  delete process.env.LOG_LEVEL;
  expect((await chat('scope add 198.19.250.0/24', '--json')).code).toBe(0);
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await redis?.stop();
  await database?.drop();
}, 60_000);

describe('one-shot commands with a dependency down', () => {
  it('chat "create" with Redis down records submit_error and exits 1 within 10 s, saying why and what to do', async () => {
    await redis.stop();
    const started = Date.now();
    const { value: out, stderr } = await capturingStderr(() => chat('create dead-redis 198.19.250.2 ports=80', '--json'));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000);
    expect(out.code).toBe(1);
    const id = (out.json.data as { id: string }).id;
    const history = await chat(`history ${id}`, '--json');
    const [run] = history.json.data as Array<{ status: string; error: string }>;
    expect(run?.status).toBe('submit_error');
    expect(run?.error).toContain(`Redis at ${redis.url} unreachable`);
    expect(run?.error).toContain('ECONNREFUSED');
    expect(run?.error).toContain('start Redis or set REDIS_URL');
    expect(stderr).toContain(`portcullis chat: ${id} run 1 was not queued: could not queue run 1 of ${id}: Redis at ${redis.url} unreachable: connect ECONNREFUSED`);
  }, 30_000);

  it('chat --wait with Redis down also ends within 10 s with the run submit_error', async () => {
    await redis.stop();
    const started = Date.now();
    const { value: out } = await capturingStderr(() => chat('create dead-redis-wait 198.19.250.3 ports=80', '--wait', '--json', '--wait-timeout', '60'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out.code).toBe(1);
    expect(out.json.runStatus).toBe('submit_error');
  }, 30_000);

  it('as a process, chat with Redis down exits 1 by itself (no client left reconnecting keeps it alive)', async () => {
    await redis.stop();
    const started = Date.now();
    const child = spawnPortcullis('chat', { LOG_LEVEL: 'warn' }, ['create as-process 198.19.250.7 ports=80']);
    const { code } = await child.exited;
    // Loading the whole app takes seconds on a loaded machine; the command itself is bounded above.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(code).toBe(1);
    expect(child.output()).toContain(`Redis at ${redis.url} unreachable: connect ECONNREFUSED`);
  }, 90_000);

  it('chat exits 0 again once Redis is back', async () => {
    await redis.start();
    const out = await chat('create alive-redis 198.19.250.4 ports=80', '--json');
    expect(out.code, out.stdout).toBe(0);
    const id = (out.json.data as { id: string }).id;
    expect((await chat(`show ${id}`, '--json')).json.data).toMatchObject({ status: 'planned' });
    await chat(`stop ${id}`);
  }, 30_000);

  it('chat --wait exits 1 when the run it started ends failed, and 0 for a run that completes', async () => {
    await redis.start();
    // The worker side of the scan service ends the runs (no scanning needed to decide an exit code).
    const dispatcher = createBullmqDispatcher({ redisUrl: redis.url, prefix: process.env.QUEUE_PREFIX!, timeoutMs: 2000 });
    const workerSide = createScanService({ db: database.db, dispatcher, config: loadConfig(process.env), logger: createLogger('silent', { pretty: false }) });
    const endRunsWhenPlanned = (end: (runId: number) => Promise<unknown>) => {
      const timer = setInterval(() => {
        void (async () => {
          const planned = await database.db.selectFrom('runs').select('id').where('status', '=', 'planned').execute();
          for (const r of planned) await end(r.id).catch(() => undefined);
        })();
      }, 300);
      return () => clearInterval(timer);
    };
    try {
      let stop = endRunsWhenPlanned((runId) => workerSide.failRun(runId, 'nmap: permission denied — the worker needs NET_RAW and NET_ADMIN'));
      const failed = await capturingStderr(() => chat('create ends-failed 198.19.250.5 ports=80', '--wait', '--json', '--wait-timeout', '30'));
      stop();
      expect(failed.value.json.runStatus).toBe('failed');
      expect(failed.value.code).toBe(1);
      expect(failed.stderr).toContain('run 1 failed: nmap: permission denied');

      stop = endRunsWhenPlanned(async (runId) => {
        await workerSide.markRunning(runId, 'test-worker');
        const now = new Date();
        await workerSide.finishRun(runId, { status: 'completed', openPorts: [], findings: [], warnings: [], progress: 100, startedAt: now, endedAt: now });
      });
      const completed = await chat('create ends-completed 198.19.250.6 ports=80', '--wait', '--json', '--wait-timeout', '30');
      stop();
      expect(completed.json.runStatus).toBe('completed');
      expect(completed.code).toBe(0);
    } finally {
      await dispatcher.queue.obliterate({ force: true }).catch(() => undefined);
      await dispatcher.close();
    }
  }, 90_000);

  it('a submit_error carries the error of its own attempt, not a stale ECONNREFUSED', async () => {
    const own = await startOwnRedis();
    // The order signer's stand-in (signing is tested with real keys elsewhere): this test is about the reason.
    const orders = async (job: { runId: number; pool?: string }) => ({ pool: job.pool ?? 'default', signed: { order: JSON.stringify({ runId: job.runId }), signature: 'c2lnbmVk' } });
    const sut = createBullmqDispatcher({ redisUrl: own.url, prefix: randomPrefix(), timeoutMs: 1500, orders });
    try {
      await own.stop();
      await expect(sut.submit({ scanId: 'SCAN-1', runId: 1, run: 1 })).rejects.toThrow(/ECONNREFUSED|no answer/);
      // The same port comes back, but refusing writes: the reason must be that, not the old refusal.
      const full = await startOwnRedis(['--maxmemory', '1', '--maxmemory-policy', 'noeviction'], { port: own.port });
      try {
        await new Promise((r) => setTimeout(r, 6000)); // older than the 5 s window an error may be cited in
        const error = await sut.submit({ scanId: 'SCAN-1', runId: 2, run: 2 }).then(() => null, (e: Error) => e);
        expect(error?.message).toMatch(/OOM/);
        expect(error?.message).not.toContain('ECONNREFUSED');
      } finally {
        await full.stop();
      }
    } finally {
      await sut.close();
    }
  }, 40_000);

  it('migrate against a PostgreSQL that refuses connections fails at once with what to do', async () => {
    const port = await freePort();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/portcullis_nowhere`;
    try {
      const started = Date.now();
      await expect(migrateRun([])).rejects.toThrow(`PostgreSQL at postgres://postgres@127.0.0.1:${port}/portcullis_nowhere unreachable: connect ECONNREFUSED 127.0.0.1:${port} — start PostgreSQL or set DATABASE_URL`);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      process.env.DATABASE_URL = database.url;
    }
  });

  it('migrate and chat against a PostgreSQL that never answers fail within 10 s', async () => {
    const silent = await startSilentServer();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${silent.port}/portcullis_hung`;
    try {
      let started = Date.now();
      await expect(migrateRun([])).rejects.toThrow(/PostgreSQL at .* unreachable: .*timeout.* — start PostgreSQL or set DATABASE_URL/i);
      expect(Date.now() - started).toBeLessThan(10_000);
      started = Date.now();
      const { value: out, stderr } = await capturingStderr(() => chat('list', '--json'));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(out.code).toBe(1);
      expect(stderr).toMatch(/PostgreSQL at .* unreachable/);
    } finally {
      process.env.DATABASE_URL = database.url;
      await silent.close();
    }
  }, 30_000);
});
