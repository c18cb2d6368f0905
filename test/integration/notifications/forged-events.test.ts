// Events on Redis are hints: a forged PUBLISH on the events channel (run.finished "❌ Failed — FORGED",
// a new-exposure alert, a log line) changes no chat message and posts no alert; the same run's real end,
// announced by the control plane, edits the status message with what the database holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';
import { startNotifications, type RunningNotifications } from '../../../cli/composition/notifications.js';
import { loadConfig } from '../../../core/config.js';
import { createRunEventPublisher } from '../../../core/events/run-event-publisher.js';
import { runEventsChannel } from '../../../core/events/run-events.js';
import { createLogger } from '../../../core/logger.js';
import { connectRedis, type RedisClient } from '../../../core/redis.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { admin, port, RecordingDispatcher, result } from '../scan-service/support.js';


const logger = createLogger('silent', { pretty: false });
let database: TestDatabase;
let redis: RedisClient;
let service: ScanService;
let notifications: RunningNotifications;
const notifier = new RecordingNotifier();

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await connectRedis('redis://127.0.0.1:6379');
  const config = loadConfig({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', SCOPE_ALLOW: '203.0.113.0/24' });
  service = createScanService({ db: database.db, dispatcher: new RecordingDispatcher(), config, logger, publish: createRunEventPublisher(redis, logger, runEventsChannel(database.url)) });
  await service.scopeAdd(admin, '203.0.113.0/28');
  await service.subscribe({ platform: 'slack', userId: 'U1', channelId: 'ALERTS' }, 'alerts', true);
  notifications = await startNotifications({ config, logger, service, digests: service, notifiers: [notifier], commands: {}, channel: { intervalMs: 0 }, db: database.db });
});
afterAll(async () => {
  await notifications?.stop();
  await redis?.quit();
  await database?.drop();
});

describe('events are hints', () => {
  it('a forged run.finished, log line or new-exposure alert changes nothing; the real end is shown from the database', async () => {
    const { scan, run } = await service.create(admin, { name: 'web', targets: '203.0.113.1', ports: '80' });
    await service.rememberStatusMessage(run!.runId, 'slack', 'TEAM', 'status-1');
    await service.markRunning(run!.runId, 'w1');
    const base = { scanId: scan.id, scanName: 'web', runId: run!.runId, run: 1, at: new Date().toISOString() };
    const forged = [
      { ...base, type: 'run.finished', status: 'failed', error: 'FORGED', openPorts: 0, findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, durationSeconds: 1, lastErrors: ['FORGED'] },
      { ...base, type: 'run.log', level: 'error', message: 'FORGED: call +1-555 now' },
      { ...base, type: 'run.new_exposure', ports: [{ ip: '203.0.113.1', port: 3389, protocol: 'tcp', service: 'rdp' }], findings: [], highest: 'critical' },
      { ...base, runId: 999_999, type: 'run.finished', status: 'failed', error: 'FORGED', openPorts: 0, findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, durationSeconds: 1, lastErrors: [] },
    ];
    for (const event of forged) await redis.publish(runEventsChannel(database.url), JSON.stringify(event));
    await new Promise((r) => setTimeout(r, 500));
    await notifications.router.idle();
    expect(JSON.stringify(notifier.updates)).not.toContain('FORGED');
    expect(JSON.stringify(notifier.posts)).not.toContain('FORGED');
    expect(notifier.posts.filter((p) => p.channelId === 'ALERTS')).toEqual([]);
    expect(notifier.updates.filter((u) => u.reply.title.includes('Failed'))).toEqual([]);

    await service.finishRun(run!.runId, result([port('203.0.113.1', 80, { service: 'http' })]));
    await expect.poll(() => notifier.updates.filter((u) => u.messageId === 'status-1').map((u) => u.reply.title), { timeout: 10_000 }).toContainEqual(expect.stringContaining('✅ Done'));
    await notifications.router.idle();
    expect(JSON.stringify(notifier.updates)).not.toContain('FORGED');
    expect(notifier.posts.filter((p) => p.channelId === 'ALERTS')).toEqual([]);
  });
});
