// The scheduled report summary end to end on real PostgreSQL and Redis: REPORT_SCHEDULE becomes a job
// scheduler on the schedules queue (as the bot registers it at start); a report-summary job put on the schedules queue builds the digest from
// the scans' real results and publishes it; the bot's router posts it to the `reports` channel only, with
// the severity chart PNG and the executive PDFs attached (written to disk by the console notifier).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportsPort } from '../../../bot/commands/reports-port.js';
import { ConsoleNotifier } from '../../../bot/console/console-notifier.js';
import { startNotifications, type RunningNotifications } from '../../../cli/composition/notifications.js';
import { renderSeverityChart } from '../../../core/charts/severity-chart.js';
import { loadConfig, type Config } from '../../../core/config.js';
import { runEventsChannel, type ReportSummaryEvent } from '../../../core/events/run-events.js';
import { createLogger } from '../../../core/logger.js';
import { connectRedis } from '../../../core/redis.js';
import { buildReportDigest, type ReportDigest } from '../../../core/reports/report-digest.js';
import type { ScanService } from '../../../core/scans/scan-service.contract.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { bullmqConnection } from '../../../worker/queue-connection.js';
import { JOB_NAMES, jobIds, SCHEDULES_QUEUE } from '../../../worker/queues.js';
import { registerReportSchedule } from '../../../control/report-schedule.js';
import { startScheduleRunner, type ScheduleRunner } from '../../../control/schedule-runner.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { admin, finding, port, RecordingDispatcher, result } from '../scan-service/support.js';

const logger = createLogger('silent', { pretty: false });
const prefix = `pcl-report-${randomBytes(4).toString('hex')}`;
const manager = { platform: 'console' as const, userId: 'manager', channelId: 'C-MGMT' };
const oncall = { platform: 'console' as const, userId: 'oncall', channelId: 'C-ALERTS' };

let database: TestDatabase;
let config: Config;
let service: ScanService;
let notifier: ConsoleNotifier;
let notifications: RunningNotifications;
let worker: ScheduleRunner;
let schedules: Queue;
let outputDir: string;

async function finishLatest(scanId: string, ports: ReturnType<typeof port>[], findings: ReturnType<typeof finding>[]) {
  const [latest] = (await service.history(scanId)).slice(-1);
  if (latest?.status !== 'planned') await service.rerun(admin, scanId);
  const ref = await service.runForJob((await database.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id')
    .where('scans.public_id', '=', scanId).orderBy('runs.number', 'desc').executeTakeFirstOrThrow()).id);
  await service.markRunning(ref!.ref.runId, 'w1');
  await service.finishRun(ref!.ref.runId, result(ports, findings));
}

beforeAll(async () => {
  database = await createTestDatabase();
  outputDir = mkdtempSync(path.join(tmpdir(), 'pcl-report-'));
  config = loadConfig({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', SCOPE_ALLOW: '203.0.113.0/24', LOG_LEVEL: 'silent' });
  service = createScanService({ db: database.db, dispatcher: new RecordingDispatcher(), config, logger });
  await service.scopeAdd(admin, '203.0.113.0/28');
  notifier = new ConsoleNotifier({ outputDir });
  notifications = await startNotifications({
    config, logger, service, digests: service, notifiers: [notifier], channel: { intervalMs: 0 }, db: database.db,
    commands: { reports: createReportsPort(service), charts: { renderSeverityChart: (counts) => renderSeverityChart(counts) } },
  });
  // The control plane's schedules worker takes report firings (scanners never do).
  worker = await startScheduleRunner({ service, config, logger, prefix });
  schedules = new Queue(SCHEDULES_QUEUE, { connection: bullmqConnection(config.REDIS_URL), prefix });
});

afterAll(async () => {
  await worker?.close();
  await notifications?.stop();
  await schedules?.obliterate({ force: true }).catch(() => undefined);
  await schedules?.close();
  await database?.drop();
  rmSync(outputDir, { recursive: true, force: true });
});

describe('scheduled report summary', () => {
  it('registers REPORT_SCHEDULE as a job scheduler on the schedules queue', async () => {
    await registerReportSchedule(schedules, config);
    await registerReportSchedule(schedules, { ...config, REPORT_SCHEDULE: '0 8 * * 1', REPORT_TIMEZONE: 'UTC' }); // idempotent: one scheduler
    const schedulers = await schedules.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: jobIds.reportScheduler, name: JOB_NAMES.report, pattern: '0 8 * * 1', tz: 'UTC' })]);
  });

  it('posts the digest with the severity chart and the executive PDFs to the reports channel only', async () => {
    await service.subscribe(manager, 'reports', true);
    await service.subscribe(oncall, 'alerts', true);
    const redis = port('203.0.113.1', 6379, { service: 'redis' });
    const ssh = port('203.0.113.2', 22, { service: 'ssh' });
    const { scan: edge } = await service.create(admin, { name: 'edge', targets: '203.0.113.1', ports: '1-10000' });
    await finishLatest(edge.id, [redis, ssh], [finding(redis, 'critical', 'exposed-redis'), finding(ssh, 'info')]);
    const { scan: web } = await service.create(admin, { name: 'web', targets: '203.0.113.2', ports: '22' });
    await finishLatest(web.id, [ssh], [finding(ssh, 'low', 'ssh-open')]);

    await schedules.add(JOB_NAMES.report, {});
    const deadline = Date.now() + 30_000;
    while (!notifier.sent.some((n) => n.channelId === manager.channelId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await notifications.router.idle();

    const posts = notifier.sent.filter((n) => n.kind === 'post');
    expect(posts.map((n) => n.channelId)).toEqual([manager.channelId]);
    const { reply, files } = posts[0]!;
    expect(reply.title).toBe('📊 Perimeter summary: critical risk · 3 findings in 2 scans');
    const text = reply.text!.join('\n');
    expect(text).toContain('Highest risk: *critical*, in 1 scan of 2.');
    expect(text).toMatch(/3 findings \(▲3 since \d{4}-\d\d-\d\d \d\d:\d\d UTC\): 🟥 1 critical \(▲1\) · 🟦 1 low \(▲1\) · ⬜ 1 info \(▲1\)/);
    expect(text).toContain(`1. 🟥 exposed-redis on 6379 — ${edge.id}, 1 service. close it`);
    expect(reply.table?.rows.map((r) => r[0])).toEqual([`${edge.id} edge`, `${web.id} web`]);

    expect(files.map((f) => [f.name, f.mime])).toEqual([
      [expect.stringMatching(/^portcullis-summary-\d{4}-\d\d-\d\d-severity\.png$/), 'image/png'],
      [`${edge.id}-run-1-executive.pdf`, 'application/pdf'],
      [`${web.id}-run-1-executive.pdf`, 'application/pdf'],
    ]);
    for (const file of files) expect(existsSync(file.path)).toBe(true);
    expect(readFileSync(files[0]!.path).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(readFileSync(files[1]!.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a forged report.summary on Redis posts what the database holds, or nothing for an implausible period', async () => {
    const before = notifier.sent.filter((n) => n.kind === 'post').length;
    const redis = await connectRedis(config.REDIS_URL);
    try {
      const now = new Date();
      const made: ReportDigest = {
        ...buildReportDigest([], new Date(now.getTime() - 7 * 24 * 3600_000), now), scansTotal: 99, riskLevel: 'critical',
        topRisks: [{ scanId: 'FORGED', severity: 'critical', title: 'FORGED: pay the ransom', affected: 999, action: 'wire money' }],
      };
      const forged: ReportSummaryEvent = { type: 'report.summary', at: now.toISOString(), digest: made };
      await redis.publish(runEventsChannel(config.DATABASE_URL), JSON.stringify(forged));
      const deadline = Date.now() + 15_000;
      while (notifier.sent.filter((n) => n.kind === 'post').length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await notifications.router.idle();
      const posted = notifier.sent.filter((n) => n.kind === 'post').slice(before);
      expect(posted).toHaveLength(1);
      expect(posted[0]!.reply.title).toBe('📊 Perimeter summary: critical risk · 3 findings in 2 scans');
      expect(JSON.stringify(posted[0]!.reply)).not.toContain('FORGED');

      const future = { ...forged, digest: { ...made, periodEnd: new Date(now.getTime() + 30 * 24 * 3600_000).toISOString() } };
      await redis.publish(runEventsChannel(config.DATABASE_URL), JSON.stringify(future));
      await new Promise((r) => setTimeout(r, 1500));
      await notifications.router.idle();
      expect(notifier.sent.filter((n) => n.kind === 'post')).toHaveLength(before + 1);
    } finally {
      await redis.quit();
    }
  });
});
