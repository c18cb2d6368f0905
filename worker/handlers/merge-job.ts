// The `run-merge` job, parent of a split run's chunks: runs once every chunk has ended (or was lost),
// merges their outcomes into one and sends the end of the run (with every chunk's shipped batches, so the
// control plane ends the run only once all of them are applied).
import type { Job } from 'bullmq';
import { chunkProgressKey } from '../../core/events/scanner-keys.js';
import { isCancelRequested } from '../cancel-channel.js';
import { mergeChunkOutcomes, type ChunkOutcome } from '../chunk-plan.js';
import { acceptOrder } from '../order-intake.js';
import { JOB_NAMES, parsePayload } from '../queues.js';
import { sendFinish } from '../run-final.js';
import type { WorkerContext } from '../worker-context.js';

function isOutcome(value: unknown): value is ChunkOutcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'openPortCount' in value;
}

export async function handleMergeJob(job: Job, ctx: WorkerContext): Promise<unknown> {
  const { chunks } = parsePayload(JOB_NAMES.merge, job.data);
  const accepted = await acceptOrder(job, ctx, null, { scans: false });
  if (!accepted) return { refused: true };
  const { order } = accepted;
  const values = Object.values(await job.getChildrenValues<unknown>()).filter(isOutcome);
  const lost = Object.values(await job.getIgnoredChildrenFailures()).map((reason) => `chunk lost: ${reason}`);
  let merged = mergeChunkOutcomes(values, lost, chunks);
  if (merged.status !== 'cancelled' && (await isCancelRequested(ctx.control, ctx.settings.prefix, order.runId))) {
    merged = { ...merged, status: 'cancelled' };
    delete merged.error;
  }
  await ctx.service.appendLogs(order.runId, [{ at: new Date(), level: merged.status === 'failed' ? 'error' : 'info', message: `merged ${values.length} of ${chunks} chunks: ${merged.openPortCount} open ports` }]);
  const { openPortCount, ...final } = merged;
  await sendFinish(ctx, order.runId, final, openPortCount);
  await ctx.control.del(chunkProgressKey(ctx.settings.prefix, order.pool, order.runId));
  return { status: merged.status, openPorts: openPortCount };
}
