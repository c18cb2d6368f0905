// A run must never stay `running`: when its job fails for good (its scanner died more often than allowed,
// or the handler threw), the control plane is told to fail the run with an error that says what happened.
// The run id comes from the job's signed order, never from unsigned job data.
import type { Job, Queue } from 'bullmq';
import { isStalledFailure, STALLED_RUN_REASON } from '../core/orders/job-inspection.js';
import { verifyOrder } from '../core/orders/scan-order.js';
import { JOB_NAMES } from './queues.js';
import { messageOf, type WorkerContext } from './worker-context.js';

function isRunJob(job: Job): boolean {
  return job.name === JOB_NAMES.run || job.name === JOB_NAMES.merge;
}

export async function reportLostRun(job: Job, reason: string, ctx: WorkerContext): Promise<void> {
  if (!isRunJob(job)) return;
  // Expiry does not matter here: the order was taken; only its signature makes the run id trustworthy.
  const verified = verifyOrder(job.data, ctx.orderKey, new Date(0));
  if (!verified.ok) return;
  const { runId, scanId } = verified.order;
  await ctx.service.send({ t: 'lost', at: new Date().toISOString(), runId, reason: `${reason}; rerun it with /scan rerun ${scanId}`.slice(0, 2000) });
  ctx.logger.error({ runId, scanId, reason }, 'run reported lost to the control plane');
}

/** Wires the worker's failure and stall events to reportLostRun. */
export function watchJobFailures(worker: { on(event: 'failed', l: (job: Job | undefined, error: Error) => void): unknown; on(event: 'stalled', l: (jobId: string) => void): unknown }, queue: Queue, ctx: WorkerContext): void {
  const onError = (error: unknown) => ctx.logger.warn({ err: messageOf(error) }, 'could not report a lost run');
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const reason = isStalledFailure(error.message) ? STALLED_RUN_REASON : `the worker could not run it: ${error.message}`;
    reportLostRun(job, reason, ctx).catch(onError);
  });
  worker.on('stalled', (jobId) => {
    ctx.logger.warn({ jobId }, 'stalled job: its worker stopped answering; it is taken over or failed');
    void (async () => {
      const job = await queue.getJob(jobId);
      if (job && (await job.getState()) === 'failed') await reportLostRun(job, 'worker lost during the run (it died more often than the retries allow)', ctx);
    })().catch(onError);
  });
}
