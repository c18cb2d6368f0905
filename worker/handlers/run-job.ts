// The `run` job: a signed order is verified (order-intake.ts), the run is reported started, and it is
// scanned here — or split into its signed chunks when the order has them — with results streamed to the
// control plane in batches and the outcome sent at the end.
import type { Job } from 'bullmq';
import { isCancelRequested } from '../cancel-channel.js';
import { acceptOrder } from '../order-intake.js';
import { JOB_NAMES, jobIds, parsePayload, runsQueueName } from '../queues.js';
import { createResultShipper } from '../result-shipping.js';
import { emptyResult, finalOf, sendFinish } from '../run-final.js';
import { createRunReporter } from '../run-reporter.js';
import { executeScan } from '../scan-execution.js';
import { buildScanRequest, type PreparedScan } from '../scan-request.js';
import { HandBack, messageOf, type WorkerContext } from '../worker-context.js';

const KEEP = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };

export async function handleRunJob(job: Job, ctx: WorkerContext): Promise<unknown> {
  const accepted = await acceptOrder(job, ctx, null);
  if (!accepted) return { refused: true };
  const { order, ranges } = accepted;
  const signed = parsePayload(JOB_NAMES.run, job.data);
  if (await isCancelRequested(ctx.control, ctx.settings.prefix, order.runId)) {
    await sendFinish(ctx, order.runId, finalOf(emptyResult('cancelled'), []), 0);
    return { skipped: 'cancelled' };
  }
  let prepared: PreparedScan;
  try {
    prepared = buildScanRequest(order, ranges, ctx.config);
  } catch (error) {
    await sendFinish(ctx, order.runId, finalOf(emptyResult('failed', messageOf(error)), []), 0);
    return { refused: messageOf(error) };
  }
  await ctx.service.started(order.runId, ctx.workerId, null);

  if (order.chunks && order.chunks.length > 1) {
    const chunks = order.chunks.length;
    await ctx.service.appendLogs(order.runId, [{ at: new Date(), level: 'info', message: `split into ${chunks} chunks by the control plane; scanners of pool ${order.pool} take them in parallel` }]);
    const queueName = runsQueueName(order.pool);
    await ctx.flows.add({
      name: JOB_NAMES.merge,
      queueName,
      data: { ...signed, chunks },
      opts: { jobId: jobIds.merge(order.runId), ...KEEP },
      children: order.chunks.map((_targets, chunk) => ({
        name: JOB_NAMES.chunk,
        queueName,
        data: { ...signed, chunk },
        opts: { jobId: jobIds.chunk(order.runId, chunk), ignoreDependencyOnFailure: true, ...KEEP },
      })),
    });
    return { chunks };
  }

  const reporter = createRunReporter({ runId: order.runId }, { service: ctx.service, logger: ctx.logger });
  const shipper = createResultShipper(ctx.service, order.runId, job.id ?? jobIds.run(order.runId));
  reporter.log('info', `scanner ${ctx.scanner.name} (${ctx.workerId}) started the run`);
  const outcome = await executeScan(prepared, { runId: order.runId, jobId: job.id ?? '' }, {
    runScan: ctx.runScan, active: ctx.active, reporter, shipper, isCancelled: () => isCancelRequested(ctx.control, ctx.settings.prefix, order.runId),
  });
  if (outcome.stoppedBy === 'shutdown') {
    reporter.log('warning', `scanner ${ctx.scanner.name} is shutting down; the run goes back to the queue for another scanner`);
    await reporter.close();
    throw new HandBack();
  }
  await reporter.close();
  await sendFinish(ctx, order.runId, finalOf(outcome.result, [shipper.shipped()]), shipper.openPortCount());
  return { status: outcome.result.status, openPorts: shipper.openPortCount() };
}
