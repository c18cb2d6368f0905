// The `run` job: a planned run becomes running, is scanned here (or split into chunk jobs when large),
// and ends completed / failed / cancelled through the scan service.
import type { Job } from 'bullmq';
import { isCancelRequested } from '../cancel-channel.js';
import { planChunks } from '../chunk-plan.js';
import { JOB_NAMES, jobIds, parsePayload, RUNS_QUEUE } from '../queues.js';
import { eventBase } from '../run-events-publisher.js';
import { emptyResult, finishRun } from '../run-finish.js';
import { createRunReporter } from '../run-reporter.js';
import { executeScan } from '../scan-execution.js';
import { addressCount, buildScanRequest, type PreparedScan } from '../scan-request.js';
import { HandBack, messageOf, type WorkerContext } from '../worker-context.js';

export async function handleRunJob(job: Job, ctx: WorkerContext): Promise<unknown> {
  const payload = parsePayload(JOB_NAMES.run, job.data);
  const found = await ctx.service.runForJob(payload.runId);
  if (!found || (found.ref.status !== 'planned' && found.ref.status !== 'running')) {
    ctx.logger.info({ runId: payload.runId, status: found?.ref.status ?? 'missing' }, 'run job skipped: the run is no longer active');
    return { skipped: found?.ref.status ?? 'missing' };
  }
  const run = { scanId: payload.scanId, scanName: found.scanName, runId: payload.runId, run: payload.run };
  if (await isCancelRequested(ctx.control, ctx.settings.prefix, payload.runId)) {
    if (found.ref.status === 'running') await finishRun(ctx, run, emptyResult('cancelled'));
    return { skipped: 'cancelled' };
  }
  let prepared: PreparedScan;
  try {
    prepared = buildScanRequest(found.config, ctx.config);
  } catch (error) {
    await ctx.service.failRun(payload.runId, messageOf(error));
    return { refused: messageOf(error) };
  }
  await ctx.service.markRunning(payload.runId, ctx.workerId);
  void ctx.publish({ ...eventBase(run), type: 'run.started', workerId: ctx.workerId });

  if (addressCount(prepared) > BigInt(ctx.settings.chunkAddresses)) {
    const chunks = planChunks(prepared.targets, ctx.settings.chunkAddresses);
    await ctx.service.appendLogs(payload.runId, [{ at: new Date(), level: 'info', message: `split into ${chunks.length} chunks of at most ${ctx.settings.chunkAddresses} addresses; workers take them in parallel` }]);
    await ctx.flows.add({
      name: JOB_NAMES.merge,
      queueName: RUNS_QUEUE,
      data: { ...payload, chunks: chunks.length },
      opts: { jobId: jobIds.merge(payload.runId), removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } },
      children: chunks.map((targets, chunk) => ({
        name: JOB_NAMES.chunk,
        queueName: RUNS_QUEUE,
        data: { ...payload, chunk, chunks: chunks.length, targets },
        opts: { jobId: jobIds.chunk(payload.runId, chunk), ignoreDependencyOnFailure: true, removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } },
      })),
    });
    return { chunks: chunks.length };
  }

  const reporter = createRunReporter(run, { service: ctx.service, publish: ctx.publish, logger: ctx.logger });
  reporter.log('info', `worker ${ctx.workerId} started the run`);
  const outcome = await executeScan(prepared, { runId: payload.runId, jobId: job.id ?? '' }, { runScan: ctx.runScan, active: ctx.active, reporter, isCancelled: () => isCancelRequested(ctx.control, ctx.settings.prefix, payload.runId) });
  if (outcome.stoppedBy === 'shutdown') {
    reporter.log('warning', `worker ${ctx.workerId} is shutting down; the run goes back to the queue for another worker`);
    await reporter.close();
    throw new HandBack();
  }
  await reporter.close();
  await finishRun(ctx, run, outcome.result);
  return { status: outcome.result.status, openPorts: outcome.result.openPorts.length };
}
