// A `run-chunk` job: scans one of the signed order's chunk target lists (never targets of the job's own),
// streams its results, and returns a small summary to the merge job. Progress of every chunk is kept in a
// Redis hash under the pool's keys so the run shows the average over all chunks.
import type { Job } from 'bullmq';
import { chunkProgressKey } from '../../core/events/scanner-keys.js';
import { isCancelRequested } from '../cancel-channel.js';
import { toChunkOutcome, type ChunkOutcome } from '../chunk-plan.js';
import { acceptOrder } from '../order-intake.js';
import { JOB_NAMES, jobIds, parsePayload } from '../queues.js';
import { createResultShipper } from '../result-shipping.js';
import { emptyResult } from '../run-final.js';
import { createRunReporter } from '../run-reporter.js';
import { executeScan } from '../scan-execution.js';
import { buildScanRequest } from '../scan-request.js';
import { HandBack, messageOf, type WorkerContext } from '../worker-context.js';

export async function handleChunkJob(job: Job, ctx: WorkerContext): Promise<ChunkOutcome | { refused: true }> {
  const { chunk } = parsePayload(JOB_NAMES.chunk, job.data);
  const accepted = await acceptOrder(job, ctx, chunk);
  if (!accepted) return { refused: true };
  const { order, ranges } = accepted;
  const chunks = order.chunks?.length ?? 1;
  const label = `[chunk ${chunk + 1}/${chunks}] `;
  if (await isCancelRequested(ctx.control, ctx.settings.prefix, order.runId)) return toChunkOutcome(emptyResult('cancelled'), 0, null);
  let prepared;
  try {
    prepared = buildScanRequest(order, ranges, ctx.config);
  } catch (error) {
    return toChunkOutcome(emptyResult('failed', `${label}${messageOf(error)}`), 0, null);
  }
  await ctx.service.started(order.runId, ctx.workerId, chunk);
  const key = chunkProgressKey(ctx.settings.prefix, order.pool, order.runId);
  const reporter = createRunReporter({ runId: order.runId }, { service: ctx.service, logger: ctx.logger }, {
    logPrefix: label,
    aggregate: async (percent) => {
      await ctx.control.hSet(key, String(chunk), String(percent));
      await ctx.control.expire(key, 24 * 3600);
      const all = Object.values(await ctx.control.hGetAll(key)).map(Number);
      return Math.floor(all.reduce((sum, p) => sum + p, 0) / chunks);
    },
  });
  const shipper = createResultShipper(ctx.service, order.runId, job.id ?? jobIds.chunk(order.runId, chunk));
  reporter.log('info', `scanner ${ctx.scanner.name} (${ctx.workerId}) took ${ranges.map((r) => r.cidr).join(', ')}`);
  const outcome = await executeScan(prepared, { runId: order.runId, jobId: job.id ?? '' }, {
    runScan: ctx.runScan, active: ctx.active, reporter, shipper, isCancelled: () => isCancelRequested(ctx.control, ctx.settings.prefix, order.runId),
  });
  if (outcome.stoppedBy === 'shutdown') {
    reporter.log('warning', `scanner ${ctx.scanner.name} is shutting down; the chunk goes back to the queue`);
    await reporter.close();
    throw new HandBack();
  }
  await reporter.close();
  const result = outcome.result.error ? { ...outcome.result, error: `${label}${outcome.result.error}` } : outcome.result;
  return toChunkOutcome(result, shipper.openPortCount(), shipper.shipped());
}
