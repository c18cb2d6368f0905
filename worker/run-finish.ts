// Ends a run: ingests the result through the scan service, which stores it idempotently and announces
// run.finished (and new exposure) itself, so the worker does not publish a second one.
import type { RunSummary } from '../core/scans/scan-model.js';
import type { ScanResult } from '../scanner/types.js';
import type { RunEventContext } from './run-events-publisher.js';
import type { WorkerContext } from './worker-context.js';

export async function finishRun(ctx: WorkerContext, run: RunEventContext, result: ScanResult): Promise<RunSummary> {
  const summary = await ctx.service.finishRun(run.runId, result);
  ctx.logger.info({ runId: run.runId, scanId: run.scanId, status: summary.status, openPorts: result.openPorts.length }, 'run finished');
  return summary;
}

export function emptyResult(status: ScanResult['status'], error?: string): ScanResult {
  const now = new Date();
  return { status, openPorts: [], findings: [], ...(error ? { error } : {}), warnings: [], progress: 0, startedAt: now, endedAt: now };
}
