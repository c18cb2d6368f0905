// Ends a run from the scanner's side: the outcome (no results in it: they were shipped in batches) goes to
// the control plane, which ends the run once every shipped batch is applied.
import type { ShippedBatches } from '../core/events/scanner-stream.js';
import type { ScanResult } from '../scanner/types.js';
import type { RunFinal, WorkerContext } from './worker-context.js';

export function finalOf(result: ScanResult, shipped: ShippedBatches[]): RunFinal {
  return {
    status: result.status, ...(result.error ? { error: result.error.slice(0, 5000) } : {}), warnings: result.warnings.slice(0, 100).map((w) => w.slice(0, 2000)),
    progress: Math.max(0, Math.min(100, result.progress)), startedAt: result.startedAt.toISOString(), endedAt: result.endedAt.toISOString(), shipped,
  };
}

export async function sendFinish(ctx: WorkerContext, runId: number, final: RunFinal, openPorts: number): Promise<void> {
  await ctx.service.finishRun(runId, final);
  ctx.logger.info({ runId, status: final.status, openPorts }, 'run finished');
}

export function emptyResult(status: ScanResult['status'], error?: string): ScanResult {
  const now = new Date();
  return { status, openPorts: [], findings: [], ...(error ? { error } : {}), warnings: [], progress: 0, startedAt: now, endedAt: now };
}
