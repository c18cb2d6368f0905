// Events are scoped by database: two bots on two databases share one Redis, and their databases both
// have a run with id 1 and a status message for it. A run of database A ending through A's scan service
// edits A's status message and alerts A's channel; the router of database B posts and edits nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';
import { startNotifications, type RunningNotifications } from '../../../cli/composition/notifications.js';
import { loadConfig } from '../../../core/config.js';
import { runEventsChannel } from '../../../core/events/run-events.js';
import { createLogger } from '../../../core/logger.js';
import { createRedisClient, type RedisClient } from '../../../core/redis.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createRunEventPublisher } from '../../../core/events/run-event-publisher.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { admin, finding, port, RecordingDispatcher, result } from '../scan-service/support.js';

const logger = createLogger('silent', { pretty: false });
const REDIS_URL = 'redis://127.0.0.1:6379';


interface Side {
  database: TestDatabase;
  service: ScanService;
  notifier: RecordingNotifier;
  notifications: RunningNotifications;
  runId: number;
}

let publisher: RedisClient;
const sides: Side[] = [];

async function side(name: string): Promise<Side> {
  const database = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: database.url, REDIS_URL, SCOPE_ALLOW: '203.0.113.0/24' });
  const service = createScanService({ db: database.db, dispatcher: new RecordingDispatcher(), config, logger, publish: createRunEventPublisher(publisher, logger, runEventsChannel(database.url)) });
  await service.scopeAdd(admin, '203.0.113.0/28');
  await service.subscribe({ platform: 'slack', userId: 'U1', channelId: `ALERTS-${name}` }, 'alerts', true);
  const { run } = await service.create(admin, { name: `scan-${name}`, targets: '203.0.113.1', ports: '1-10000' });
  await service.rememberStatusMessage(run!.runId, 'slack', `TEAM-${name}`, `status-${name}`);
  const notifier = new RecordingNotifier();
  const notifications = await startNotifications({ config, logger, service, digests: service, notifiers: [notifier], commands: {}, channel: { intervalMs: 0 }, db: database.db });
  return { database, service, notifier, notifications, runId: run!.runId };
}

beforeAll(async () => {
  publisher = createRedisClient(REDIS_URL);
  await publisher.connect();
  sides.push(await side('A'), await side('B'));
});

afterAll(async () => {
  for (const s of sides) {
    await s.notifications.stop();
    await s.database.drop();
  }
  await publisher?.quit();
});

describe('events scoped by database', () => {
  it('gives each database a channel of its own', () => {
    const [a, b] = sides;
    expect(runEventsChannel(a!.database.url)).not.toBe(runEventsChannel(b!.database.url));
    expect(runEventsChannel(a!.database.url)).toBe(`portcullis:run-events:${a!.database.name}`);
  });

  it('only the router of the database the run belongs to posts and edits', async () => {
    const [a, b] = sides;
    expect(a!.runId).toBe(b!.runId); // the same run id in both databases: what used to cross-talk
    await a!.service.markRunning(a!.runId, 'w1');
    const redis = port('203.0.113.1', 6379, { service: 'redis' });
    await a!.service.finishRun(a!.runId, result([redis], [finding(redis, 'critical')], 'failed', 'masscan: permission denied'));
    const deadline = Date.now() + 10_000;
    while (!a!.notifier.posts.some((p) => p.channelId === 'ALERTS-A') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all(sides.map((s) => s.notifications.router.idle()));

    expect(a!.notifier.updates.map((u) => u.messageId)).toContain('status-A');
    expect(a!.notifier.posts.filter((p) => p.channelId === 'ALERTS-A').map((p) => p.reply.title)).toEqual([expect.stringMatching(/^🚨 SCAN-\d+ \(scan-A\) run 1 failed$/)]);
    expect(a!.notifier.posts.some((p) => p.threadId === 'status-A')).toBe(true);
    expect(b!.notifier.posts).toEqual([]);
    expect(b!.notifier.updates).toEqual([]);
  });
});
