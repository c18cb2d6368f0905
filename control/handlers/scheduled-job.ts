// A cron firing of a scan's schedule, taken by the control plane: the scan service creates, signs and submits a run, or skips the firing
// (and logs it) while a run is still active.
import type { Job } from 'bullmq';
import { JOB_NAMES, parsePayload } from '../../worker/queues.js';
import type { ScheduleContext } from '../schedule-runner.js';

export async function handleScheduledJob(job: Job, ctx: ScheduleContext): Promise<unknown> {
  const { scanId } = parsePayload(JOB_NAMES.scheduled, job.data);
  const ref = await ctx.service.scheduledRun(scanId);
  if (!ref) {
    ctx.logger.info({ scanId }, 'scheduled firing skipped: a run of the scan is still active');
    return { skipped: true };
  }
  ctx.logger.info({ scanId, run: ref.run, status: ref.status }, 'scheduled run created');
  return { run: ref.run };
}
