// A firing of REPORT_SCHEDULE: builds the executive digest across all scans (storedReportDigest) and
// publishes it as a `report.summary` event on the database's events channel; the bot's notification router posts it, with the chart and PDFs, to every `reports` channel.
import type { Job } from 'bullmq';
import { runEventsChannel, type ReportSummaryEvent } from '../../core/events/run-events.js';
import { storedReportDigest } from '../../core/reports/stored-digest.js';
import { JOB_NAMES, parsePayload } from '../../worker/queues.js';
import { reportPeriodStart } from '../report-schedule.js';
import type { ScheduleContext } from '../schedule-runner.js';

export async function handleReportJob(job: Job, ctx: ScheduleContext): Promise<unknown> {
  parsePayload(JOB_NAMES.report, job.data);
  const subscribers = await ctx.service.subscribers('reports');
  if (subscribers.length === 0) {
    ctx.logger.info('report summary skipped: no channel subscribed with /scan notify reports');
    return { skipped: 'no reports subscribers' };
  }
  const now = new Date();
  const { digest, scans } = await storedReportDigest(ctx.service, reportPeriodStart(ctx.config, now), now, (scanId, error) => {
    ctx.logger.warn({ err: error instanceof Error ? error.message : String(error), scanId }, 'scan left out of the report summary');
  });
  const event: ReportSummaryEvent = { type: 'report.summary', at: now.toISOString(), digest };
  const receivers = await ctx.control.publish(runEventsChannel(ctx.config.DATABASE_URL), JSON.stringify(event));
  if (receivers === 0) ctx.logger.warn('report summary published, but no bot is listening: nobody posts it');
  ctx.logger.info({ scans, subscribers: subscribers.length, receivers }, 'report summary published');
  return { scans, receivers };
}
