// Ends a run: ingests the result through the scan service (idempotent) and announces run.finished with
// the counts and last error lines the chat side shows.
import type { RunSummary, SeverityCounts } from '../core/scans/scan-model.js';
import type { ScanResult } from '../scanner/types.js';
import { eventBase, type RunEventContext } from './run-events-publisher.js';
import type { WorkerContext } from './worker-context.js';

function severityOf(result: ScanResult): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of result.findings) counts[f.severity] += 1;
  return counts;
}

export async function finishAndAnnounce(ctx: WorkerContext, run: RunEventContext, result: ScanResult, lastErrors: string[]): Promise<RunSummary> {
  const summary = await ctx.service.finishRun(run.runId, result);
  const status = summary.status === 'completed' || summary.status === 'failed' || summary.status === 'cancelled' ? summary.status : result.status;
  ctx.publish({
    ...eventBase(run),
    type: 'run.finished',
    status,
    error: summary.error ?? result.error ?? null,
    openPorts: result.openPorts.length,
    findings: result.findings.length,
    severity: severityOf(result),
    durationSeconds: Math.round((result.endedAt.getTime() - result.startedAt.getTime()) / 1000),
    lastErrors,
  });
  ctx.logger.info({ runId: run.runId, scanId: run.scanId, status, openPorts: result.openPorts.length }, 'run finished');
  return summary;
}

export function emptyResult(status: ScanResult['status'], error?: string): ScanResult {
  const now = new Date();
  return { status, openPorts: [], findings: [], ...(error ? { error } : {}), warnings: [], progress: 0, startedAt: now, endedAt: now };
}
