// Schedules survive Redis, for real: scans with schedules stored in PostgreSQL, a Redis of the test's
// own. The control plane registers every schedule and the report digest at start and removes schedulers
// of scans that have none; when Redis restarts without persistence it registers them all again, records
// the firing that fell into the outage as skipped (audit, run.skipped event), and says once that it was
// degraded and once that it recovered.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWatchdogs, type Watchdogs } from '../../../control/watchdogs.js';
import { loadConfig, type Config } from '../../../core/config.js';
import type { RunEvent } from '../../../core/events/run-events.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { recentAudit } from '../../../db/repositories/audit.repository.js';
import { createBullmqDispatcher, type BullmqDispatcher } from '../../../worker/bullmq-dispatcher.js';
import { jobIds } from '../../../worker/queues.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { admin } from '../worker/harness.js';
import { randomPrefix, SwitchableRedis } from './fault-kit.js';

let redis: SwitchableRedis;
let database: TestDatabase;
let dispatcher: BullmqDispatcher;
let service: ScanService;
let config: Config;
let control: Watchdogs | undefined;
const events: RunEvent[] = [];
const logLines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

beforeAll(async () => {
  redis = await SwitchableRedis.start();
  database = await createTestDatabase();
  config = loadConfig({ DATABASE_URL: database.url, REDIS_URL: redis.url, SCOPE_ALLOW: '198.19.252.0/24', DEPENDENCY_CHECK_SECONDS: '1', REAPER_INTERVAL_SECONDS: '60' });
  dispatcher = createBullmqDispatcher({ redisUrl: redis.url, prefix: randomPrefix(), timeoutMs: 1500, logger });
  service = createScanService({ db: database.db, dispatcher, config, logger });
  await service.scopeAdd(admin, '198.19.252.0/24');
}, 60_000);

afterAll(async () => {
  await control?.stop();
  await dispatcher?.close();
  await redis?.stop();
  await database?.drop();
}, 60_000);

async function schedulerKeys(): Promise<string[]> {
  return (await dispatcher.schedules.getJobSchedulers(0, -1)).map((s) => s.key).sort();
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // Redis may still be coming back
    }
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('schedules survive Redis', () => {
  it('registers every stored schedule and the digest at start, and drops schedulers of scans without one', async () => {
    const daily = await service.create(admin, { name: 'nightly', targets: '198.19.252.2', ports: '80', schedule: '0 3 * * *', timezone: 'Europe/Paris' });
    const often = await service.create(admin, { name: 'often', targets: '198.19.252.3', ports: '80', schedule: '*/2 * * * * *' });
    // What PostgreSQL says is the truth: the schedulers vanish (as after a restart), an orphan appears.
    await dispatcher.schedules.obliterate({ force: true });
    await dispatcher.setSchedule('SCAN-9999', '0 4 * * *', null);

    control = startWatchdogs({ config, logger, db: database.db, dispatcher, publish: async (e) => void events.push(e) });
    const expected = [jobIds.reportScheduler, jobIds.scheduler(daily.scan.id), jobIds.scheduler(often.scan.id)].sort();
    expect(await until(schedulerKeys, (keys) => keys.join() === expected.join(), 10_000)).toEqual(expected);
    const nightly = (await dispatcher.schedules.getJobSchedulers(0, -1)).find((s) => s.key === jobIds.scheduler(daily.scan.id));
    expect(nightly).toMatchObject({ pattern: '0 3 * * *', tz: 'Europe/Paris' });
  }, 30_000);

  it('after a Redis restart without persistence: every schedule back, the firing of the outage recorded as skipped, one degraded and one recovered line', async () => {
    const often = (await service.list()).scans.find((s) => s.name === 'often')!;
    logLines.length = 0;
    await redis.stop();
    await new Promise((r) => setTimeout(r, 3500)); // the every-2-s schedule fires at least once meanwhile
    await redis.start();
    const expected = (await service.list()).scans.map((s) => jobIds.scheduler(s.id)).concat(jobIds.reportScheduler).sort();
    expect(await until(schedulerKeys, (keys) => keys.join() === expected.join(), 15_000)).toEqual(expected);

    const skipped = await until(() => recentAudit(database.db, 20), (rows) => rows.some((r) => r.command === `schedule ${often.id}`), 10_000);
    const entry = skipped.find((r) => r.command === `schedule ${often.id}`)!;
    expect(entry).toMatchObject({ platform: 'system', result: 'error' });
    expect(entry.detail).toMatch(/^schedule firings? at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z.* skipped: Redis was unreachable or lost its data/);
    expect(events.some((e) => e.type === 'run.skipped' && e.scanId === often.id && /skipped: Redis/.test(e.reason))).toBe(true);
    // The nightly schedule did not fire during the outage: nothing recorded for it.
    const nightly = (await service.list()).scans.find((s) => s.name === 'nightly')!;
    expect(skipped.some((r) => r.command === `schedule ${nightly.id}`)).toBe(false);

    await until(async () => logLines.filter((l) => l.includes('recovered: Redis reachable again')).length, (n) => n >= 1, 10_000);
    const degraded = logLines.filter((l) => l.includes('degraded: Redis unreachable'));
    const recovered = logLines.filter((l) => l.includes('recovered: Redis reachable again'));
    expect(degraded).toHaveLength(1);
    expect(JSON.parse(degraded[0]!).msg).toMatch(/retrying in the background — start Redis or set REDIS_URL/);
    expect(recovered).toHaveLength(1);
  }, 60_000);
});
