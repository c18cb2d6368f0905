// A run must never stay `running`: when its job fails for good (its worker died more often than allowed,
// or the handler threw), the run is failed with an error that says what happened and what to do.
import type { Job, Queue } from 'bullmq';
import { JOB_NAMES, parsePayload } from './queues.js';
import { messageOf, type WorkerContext } from './worker-context.js';

function isRunJob(job: Job): boolean {
  return job.name === JOB_NAMES.run || job.name === JOB_NAMES.merge;
}

export async function failRunOfJob(job: Job, reason: string, ctx: WorkerContext): Promise<void> {
  if (!isRunJob(job)) return;
  const { runId, scanId } = parsePayload(JOB_NAMES.run, { scanId: job.data.scanId, runId: job.data.runId, run: job.data.run });
  const found = await ctx.service.runForJob(runId);
  if (!found || (found.ref.status !== 'running' && found.ref.status !== 'planned')) return;
  await ctx.service.failRun(runId, `${reason}; rerun it with /scan rerun ${scanId}`);
  ctx.logger.error({ runId, scanId, reason }, 'run failed by the worker');
}

/** Wires the worker's failure and stall events to failRunOfJob. */
export function watchJobFailures(worker: { on(event: 'failed', l: (job: Job | undefined, error: Error) => void): unknown; on(event: 'stalled', l: (jobId: string) => void): unknown }, queue: Queue, ctx: WorkerContext): void {
  const onError = (error: unknown) => ctx.logger.warn({ err: messageOf(error) }, 'could not record a lost run');
  worker.on('failed', (job, error) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const stalled = /stalled/i.test(error.message);
    const reason = stalled ? 'worker lost during the run (it stopped answering and no retry was left)' : `the worker could not run it: ${error.message}`;
    failRunOfJob(job, reason, ctx).catch(onError);
  });
  worker.on('stalled', (jobId) => {
    ctx.logger.warn({ jobId }, 'stalled job: its worker stopped answering; it is taken over or failed');
    void (async () => {
      const job = await queue.getJob(jobId);
      if (job && (await job.getState()) === 'failed') await failRunOfJob(job, 'worker lost during the run (it died more often than the retries allow)', ctx);
    })().catch(onError);
  });
}
