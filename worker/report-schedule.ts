// The REPORT_SCHEDULE job scheduler on the schedules queue (one for the whole installation, upserted by
// every worker at start so a changed schedule takes effect), and the period a summary covers: from one
// firing of the schedule back to the one before it.
import { Queue, type ConnectionOptions } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Config } from '../core/config.js';
import { JOB_NAMES, jobIds, SCHEDULES_QUEUE } from './queues.js';

type ReportScheduleConfig = Pick<Config, 'REPORT_SCHEDULE' | 'REPORT_TIMEZONE'>;

export async function registerReportSchedule(connection: ConnectionOptions, prefix: string, config: ReportScheduleConfig): Promise<void> {
  const queue = new Queue(SCHEDULES_QUEUE, { connection, prefix });
  try {
    await queue.upsertJobScheduler(
      jobIds.reportScheduler,
      { pattern: config.REPORT_SCHEDULE, tz: config.REPORT_TIMEZONE },
      { name: JOB_NAMES.report, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  } finally {
    await queue.close();
  }
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
