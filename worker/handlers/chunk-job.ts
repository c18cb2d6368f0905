// A `run-chunk` job: scans a subset of a split run's targets and returns its result to the merge job.
// Progress of every chunk is kept in a Redis hash so the run shows the average over all chunks.
import type { Job } from 'bullmq';
import { isCancelRequested } from '../cancel-channel.js';
import { toChunkResult, type ChunkResult } from '../chunk-plan.js';
import { JOB_NAMES, parsePayload } from '../queues.js';
import { emptyResult } from '../run-finish.js';
import { createRunReporter } from '../run-reporter.js';
import { executeScan } from '../scan-execution.js';
import { buildScanRequest } from '../scan-request.js';
import { HandBack, messageOf, type WorkerContext } from '../worker-context.js';

export function chunkProgressKey(prefix: string, runId: number): string {
  return `${prefix}:portcullis:chunk-progress:${runId}`;
}

export async function handleChunkJob(job: Job, ctx: WorkerContext): Promise<ChunkResult> {
  const payload = parsePayload(JOB_NAMES.chunk, job.data);
  const found = await ctx.service.runForJob(payload.runId);
  if (!found || found.ref.status !== 'running' || (await isCancelRequested(ctx.control, ctx.settings.prefix, payload.runId))) {
    return toChunkResult(emptyResult('cancelled'));
  }
  const run = { scanId: payload.scanId, scanName: found.scanName, runId: payload.runId, run: payload.run };
  const label = `[chunk ${payload.chunk + 1}/${payload.chunks}] `;
  let prepared;
  try {
    prepared = buildScanRequest(found.config, ctx.config, payload.targets);
  } catch (error) {
    return toChunkResult(emptyResult('failed', `${label}${messageOf(error)}`));
  }
  await ctx.service.markRunning(payload.runId, ctx.workerId);
  const key = chunkProgressKey(ctx.settings.prefix, payload.runId);
  const reporter = createRunReporter(run, { service: ctx.service, publish: ctx.publish, logger: ctx.logger }, {
    logPrefix: label,
    aggregate: async (percent) => {
      await ctx.control.hSet(key, String(payload.chunk), String(percent));
      await ctx.control.expire(key, 24 * 3600);
      const all = Object.values(await ctx.control.hGetAll(key)).map(Number);
      return Math.floor(all.reduce((sum, p) => sum + p, 0) / payload.chunks);
    },
  });
  reporter.log('info', `worker ${ctx.workerId} took ${payload.targets.join(', ')}`);
  const outcome = await executeScan(prepared, { runId: payload.runId, jobId: job.id ?? '' }, { runScan: ctx.runScan, active: ctx.active, reporter, isCancelled: () => isCancelRequested(ctx.control, ctx.settings.prefix, payload.runId) });
  if (outcome.stoppedBy === 'shutdown') {
    reporter.log('warning', `worker ${ctx.workerId} is shutting down; the chunk goes back to the queue`);
    await reporter.close();
    throw new HandBack();
  }
  await reporter.close();
  const result = outcome.result.error ? { ...outcome.result, error: `${label}${outcome.result.error}` } : outcome.result;
  return toChunkResult(result);
}
