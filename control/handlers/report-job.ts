// A firing of REPORT_SCHEDULE: builds the executive digest across all scans (ScanService.reportInput of
// each, then buildReportDigest) and publishes it as a `report.summary` event on the database's events
// channel; the bot's notification router posts it, with the chart and PDFs, to every `reports` channel.
import type { Job } from 'bullmq';
import { runEventsChannel, type ReportSummaryEvent } from '../../core/events/run-events.js';
import { buildReportDigest } from '../../core/reports/report-digest.js';
import type { ReportInput } from '../../core/reports/report-input.js';
import { JOB_NAMES, parsePayload } from '../../worker/queues.js';
import { reportPeriodStart } from '../report-schedule.js';
import type { ScheduleContext } from '../schedule-runner.js';

const PAGE = 200;

/** Every scan id, page by page (list() returns at most 200 at a time). */
async function allScanIds(ctx: ScheduleContext): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { scans, total } = await ctx.service.list({ limit: PAGE, page });
    for (const s of scans) ids.push(s.id);
    if (scans.length < PAGE || ids.length >= total) return ids;
  }
}

export async function handleReportJob(job: Job, ctx: ScheduleContext): Promise<unknown> {
  parsePayload(JOB_NAMES.report, job.data);
  const subscribers = await ctx.service.subscribers('reports');
  if (subscribers.length === 0) {
    ctx.logger.info('report summary skipped: no channel subscribed with /scan notify reports');
    return { skipped: 'no reports subscribers' };
  }
  const now = new Date();
  const inputs: ReportInput[] = [];
  // One scan at a time: a summary is not urgent, and it must not crowd out the runs' database work.
  for (const scanId of await allScanIds(ctx)) {
    try {
      inputs.push(await ctx.service.reportInput(scanId));
    } catch (error) {
      ctx.logger.warn({ err: error instanceof Error ? error.message : String(error), scanId }, 'scan left out of the report summary');
    }
  }
  const event: ReportSummaryEvent = { type: 'report.summary', at: now.toISOString(), digest: buildReportDigest(inputs, reportPeriodStart(ctx.config, now), now) };
  const receivers = await ctx.control.publish(runEventsChannel(ctx.config.DATABASE_URL), JSON.stringify(event));
  if (receivers === 0) ctx.logger.warn('report summary published, but no bot is listening: nobody posts it');
  ctx.logger.info({ scans: inputs.length, subscribers: subscribers.length, receivers }, 'report summary published');
  return { scans: inputs.length, receivers };
}
