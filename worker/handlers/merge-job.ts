// The `run-merge` job, parent of a split run's chunks: runs once every chunk has ended (or was lost), merges
// their results into one and ends the run through the scan service.
import type { Job } from 'bullmq';
import { isCancelRequested } from '../cancel-channel.js';
import { mergeChunkResults, type ChunkResult } from '../chunk-plan.js';
import { JOB_NAMES, parsePayload } from '../queues.js';
import { finishRun } from '../run-finish.js';
import type { WorkerContext } from '../worker-context.js';
import { chunkProgressKey } from './chunk-job.js';

export async function handleMergeJob(job: Job, ctx: WorkerContext): Promise<unknown> {
  const payload = parsePayload(JOB_NAMES.merge, job.data);
  const found = await ctx.service.runForJob(payload.runId);
  if (!found || found.ref.status !== 'running') return { skipped: found?.ref.status ?? 'missing' };
  const values = Object.values(await job.getChildrenValues<ChunkResult>());
  const lost = Object.values(await job.getIgnoredChildrenFailures()).map((reason) => `chunk lost: ${reason}`);
  let merged = mergeChunkResults(values, lost, payload.chunks);
  if (merged.status !== 'cancelled' && (await isCancelRequested(ctx.control, ctx.settings.prefix, payload.runId))) {
    merged = { ...merged, status: 'cancelled' };
    delete merged.error;
  }
  const run = { scanId: payload.scanId, scanName: found.scanName, runId: payload.runId, run: payload.run };
  await ctx.service.appendLogs(payload.runId, [{ at: new Date(), level: merged.status === 'failed' ? 'error' : 'info', message: `merged ${values.length} of ${payload.chunks} chunks: ${merged.openPorts.length} open ports` }]);
  await finishRun(ctx, run, merged);
  await ctx.control.del(chunkProgressKey(ctx.settings.prefix, payload.runId));
  return { status: merged.status, openPorts: merged.openPorts.length };
}
