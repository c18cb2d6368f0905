// The REPORT_SCHEDULE job scheduler on the schedules queue (one for the whole installation, upserted by
// every bot at start — the summary is for its channels — so a changed schedule takes effect; any worker
// runs the job), and the period a summary covers: from one firing of the schedule back to the one before.
import type { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Config } from '../core/config.js';
import { JOB_NAMES, jobIds, SCHEDULES_QUEUE } from '../worker/queues.js';
import { withDeadline } from '../core/deadline.js';

type ReportScheduleConfig = Pick<Config, 'REPORT_SCHEDULE' | 'REPORT_TIMEZONE'>;

/**
 * `schedules`: the SCHEDULES_QUEUE of the installation's queue prefix (the dispatcher's). Gives up after
 * `timeoutMs` so a bot whose Redis is down still starts (and says so).
 */
export async function registerReportSchedule(schedules: Queue, config: ReportScheduleConfig, timeoutMs = 3000): Promise<void> {
  if (schedules.name !== SCHEDULES_QUEUE) throw new Error(`the report schedule belongs on ${SCHEDULES_QUEUE}, not ${schedules.name}`);
  const upsert = schedules.upsertJobScheduler(
    jobIds.reportScheduler,
    { pattern: config.REPORT_SCHEDULE, tz: config.REPORT_TIMEZONE },
    { name: JOB_NAMES.report, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
  );
  await withDeadline(upsert, timeoutMs, 'register the report summary schedule');
}

/**
 * Where the period ending `now` starts: as far back as the schedule's last interval (a weekly schedule
 * covers the last 7 days, also when the summary is asked for between two firings).
 */
export function reportPeriodStart(config: ReportScheduleConfig, now: Date): Date {
  const firings = CronExpressionParser.parse(config.REPORT_SCHEDULE, { tz: config.REPORT_TIMEZONE, currentDate: now });
  const last = firings.prev().getTime();
  const before = firings.prev().getTime();
  return new Date(now.getTime() - (last - before));
}
