// Long-running processes with a dependency that hangs, for real: a Redis of the test's own frozen with
// SIGSTOP (it accepts connections and never answers). A spawned `portcullis bot` says once that it is
// degraded and /healthz answers 503 naming the queue; after SIGTERM, `bot` and `start` exit within
// SHUTDOWN_GRACE_SECONDS and a little, whatever they still wait on.
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { randomPrefix, SwitchableRedis } from './fault-kit.js';
import { spawnPortcullis, type Spawned } from './process-kit.js';

const GRACE_SECONDS = 3;
let database: TestDatabase;
let redis: SwitchableRedis;
const spawned: Spawned[] = [];

beforeAll(async () => {
  if (!existsSync(new URL('../../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  database = await createTestDatabase();
}, 60_000);
afterEach(async (ctx) => {
  redis?.thaw();
  if (ctx.task.result?.state === 'fail') for (const p of spawned) process.stderr.write(`--- output of the spawned process:\n${p.output().slice(-4000)}\n`);
  for (const p of spawned.splice(0)) await p.kill();
  await redis?.stop();
});
afterAll(async () => {
  await database?.drop();
}, 60_000);

function env(): Record<string, string> {
  return {
    DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: randomPrefix(), PORT: '0',
    SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS), DEPENDENCY_CHECK_SECONDS: '1', WORKER_GRACE_SECONDS: '1', HEARTBEAT_INTERVAL_SECONDS: '1',
  };
}

async function sigtermAndTime(p: Spawned): Promise<{ ms: number; code: number | null }> {
  const started = Date.now();
  p.child.kill('SIGTERM');
  const { code } = await p.exited;
  return { ms: Date.now() - started, code };
}

describe('long-running processes with a hung dependency', () => {
  it('bot: one degraded line, /healthz 503 naming the queue, and exit within the grace period after SIGTERM', async () => {
    redis = await SwitchableRedis.start();
    const bot = spawnPortcullis('bot', env());
    spawned.push(bot);
    const listening = await bot.waitFor(/\/healthz and \/metrics listening/, 30_000);
    const port = (JSON.parse(listening) as { port: number }).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    redis.freeze();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; degraded: string[]; checks: Record<string, string> };
    expect(body).toMatchObject({ status: 'degraded', degraded: ['queue'], checks: { database: 'ok' } });
    await bot.waitFor(/degraded: Redis unreachable/, 10_000);
    await new Promise((r) => setTimeout(r, 3000)); // several probe rounds while Redis stays frozen
    expect(bot.output().split('\n').filter((l) => l.includes('degraded: Redis unreachable'))).toHaveLength(1);

    const { ms } = await sigtermAndTime(bot);
    expect(ms).toBeLessThan((GRACE_SECONDS + 3) * 1000);
  }, 90_000);

  it('start (bot + worker): exits within the grace period after SIGTERM while Redis hangs', async () => {
    redis = await SwitchableRedis.start();
    const start = spawnPortcullis('start', env());
    spawned.push(start);
    await start.waitFor(/scanner started/, 60_000);
    await start.waitFor(/\/healthz and \/metrics listening/, 30_000);
    redis.freeze();
    await new Promise((r) => setTimeout(r, 1500));
    const { ms } = await sigtermAndTime(start);
    expect(ms, start.output().slice(-2000)).toBeLessThan((GRACE_SECONDS + 3) * 1000);
  }, 120_000);
});
