// The notification router on real run events (Redis pub/sub on a channel of its own) and the real scan
// service: the status message edited in place (throttled), warnings and the summary in its thread,
// failure and new-exposure alerts to `alerts` subscribers, rate limits retried, a broken platform harmless.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../../bot/console/console-notifier.js';
import { ConsoleSession } from '../../../bot/console/session.js';
import type { Reply } from '../../../bot/commands/reply.js';
import { RateLimitedError, type Notifier } from '../../../bot/notifications/notifier.js';
import { NotificationRouter } from '../../../bot/notifications/router.js';
import { subscribeRunEvents, type RunEventSubscription } from '../../../bot/notifications/run-event-subscription.js';
import type { RunEvent } from '../../../core/events/run-events.js';
import { createRedisClient, type RedisClient } from '../../../core/redis.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { RecordingDispatcher } from '../../conformance/console.driver.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const channel = `pcl-test-events-${randomBytes(4).toString('hex')}`;
const logger = pino({ level: 'silent' });

/** A chat platform that answers "slow down" to its first post, then records. */
class FlakySlack implements Notifier {
  readonly platform = 'slack' as const;
  readonly posts: Array<{ channelId: string; reply: Reply }> = [];
  rateLimitedOnce = false;
  async postMessage(channelId: string, reply: Reply): Promise<string> {
    if (!this.rateLimitedOnce) {
      this.rateLimitedOnce = true;
      throw new RateLimitedError(50);
    }
    this.posts.push({ channelId, reply });
    return `ts-${this.posts.length}`;
  }
  async updateMessage(): Promise<void> {
    throw new Error('slack is down');
  }
}

let database: TestDatabase;
let service: ScanService;
let publisher: RedisClient;
let subscription: RunEventSubscription;
let router: NotificationRouter;
let consoleOut: ConsoleNotifier;
let slack: FlakySlack;
let outputDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  outputDir = mkdtempSync(path.join(tmpdir(), 'pcl-notify-'));
  service = createScanService({ db: database.db, dispatcher: new RecordingDispatcher(), logger, config: { SCOPE_ALLOW: ['198.18.0.0/15'], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [], HEARTBEAT_INTERVAL_SECONDS: 15 } });
  consoleOut = new ConsoleNotifier({ outputDir });
  slack = new FlakySlack();
  router = new NotificationRouter({ service, notifiers: [consoleOut, slack], logger, progressIntervalMs: 300, channel: { intervalMs: 20 } });
  subscription = await subscribeRunEvents(REDIS_URL, (event) => void router.handle(event), logger, channel);
  publisher = createRedisClient(REDIS_URL);
  await publisher.connect();
});

afterAll(async () => {
  await subscription?.close();
  router?.close();
  await publisher?.quit();
  await database?.drop();
  rmSync(outputDir, { recursive: true, force: true });
});

async function publish(event: RunEvent): Promise<void> {
  await publisher.publish(channel, JSON.stringify(event));
}

describe('NotificationRouter', () => {
  it('edits the status message in place (throttled), threads warnings and the summary, alerts subscribers on failure', async () => {
    const session = new ConsoleSession({ deps: { service, logger }, outputDir });
    expect((await session.run('scope add 198.18.1.0/24')).reply.failed).toBeFalsy();
    await service.subscribe({ platform: 'slack', userId: 'UADMIN', channelId: 'C-ALERTS' }, 'alerts', true);
    const created = await session.run('create notify-web 198.18.1.2 ports=80');
    const status = created.reply.statusOf!;
    const base = { scanId: status.scanId, scanName: 'notify-web', runId: status.runId, run: status.run, at: new Date().toISOString() };

    await publish({ ...base, type: 'run.started', workerId: 'w1' });
    for (let percent = 5; percent <= 50; percent += 5) await publish({ ...base, type: 'run.progress', percent, phase: 'discovery' });
    await publish({ ...base, type: 'run.log', level: 'info', message: 'chatty' });
    await publish({ ...base, type: 'run.log', level: 'error', message: 'masscan: permission denied' });
    await new Promise((r) => setTimeout(r, 400));
    await publish({ ...base, type: 'run.finished', status: 'failed', error: 'masscan: permission denied — the worker needs NET_RAW', openPorts: 0, findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, durationSeconds: 4, lastErrors: ['masscan: permission denied'] });
    await publish({ ...base, type: 'run.progress', percent: 60, phase: 'late' });
    await new Promise((r) => setTimeout(r, 300));
    await router.idle();

    const mine = consoleOut.sent.filter((n) => n.messageId === created.statusMessageId || n.threadId === created.statusMessageId);
    const updates = mine.filter((n) => n.kind === 'update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.length).toBeLessThan(10); // 11 progress-ish events collapse into a few edits
    expect(updates.at(-1)?.reply.title).toBe(`${status.scanId} · notify-web · ❌ Failed`);
    const thread = mine.filter((n) => n.kind === 'post');
    expect(thread.map((n) => n.reply.title)).toEqual([
      `${status.scanId} run 1: 1 warning/error line`,
      `${status.scanId} · notify-web: run 1 ❌ Failed in 4s`,
    ]);
    expect(thread[0]?.reply.text?.join('')).not.toContain('chatty');

    expect(slack.rateLimitedOnce).toBe(true);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]).toMatchObject({ channelId: 'C-ALERTS', reply: { title: `🚨 ${status.scanId} (notify-web) run 1 failed` } });
    expect(slack.posts[0]?.reply.buttons?.map((b) => b.action)).toEqual(['scan.logs', 'scan.rerun']);
  });

  it('sends new exposure to alerts subscribers and survives a platform that fails', async () => {
    const base = { scanId: 'SCAN-4242', scanName: 'edge', runId: 4242, run: 3, at: new Date().toISOString() };
    await publish({ ...base, type: 'run.new_exposure', highest: 'critical', ports: [{ ip: '198.18.1.2', port: 6379, protocol: 'tcp', service: 'redis' }], findings: [{ severity: 'critical', title: 'Redis exposed', ip: '198.18.1.2', port: 6379, protocol: 'tcp', ruleId: 'exposed-cache', evidence: '', remediation: '', change: 'new' }] });
    await publisher.publish(channel, '{"type":"run.progress","garbage":true}');
    await new Promise((r) => setTimeout(r, 300));
    await router.idle();
    const alert = slack.posts.find((p) => p.reply.title.includes('SCAN-4242'));
    expect(alert?.reply.title).toBe('🆕 SCAN-4242 (edge) run 3: 1 newly exposed port');
    expect(alert?.reply.table?.rows[0]).toEqual(['198.18.1.2', '6379/tcp', 'redis', '🟥 Redis exposed']);
  });
});
