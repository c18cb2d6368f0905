// Scale-out on the scanner side: the chunks' outcomes merged back into one end of the run. The chunks
// themselves are planned by the control plane when it signs the order (core/orders/chunk-plan.ts), and
// their results were already streamed batch by batch: what a chunk hands its merge job is a small summary.
import type { ShippedBatches } from '../core/events/scanner-stream.js';
import type { ScanResult } from '../scanner/types.js';
import type { RunFinal } from './worker-context.js';

export { planChunks } from '../core/orders/chunk-plan.js';

/** What a chunk job returns to its merge job (through BullMQ, so plain JSON). */
export interface ChunkOutcome {
  status: ScanResult['status'];
  error?: string;
  warnings: string[];
  progress: number;
  startedAt: string;
  endedAt: string;
  openPortCount: number;
  shipped: ShippedBatches | null;
}

export function toChunkOutcome(result: ScanResult, openPortCount: number, shipped: ShippedBatches | null): ChunkOutcome {
  return {
    status: result.status, ...(result.error ? { error: result.error } : {}), warnings: result.warnings, progress: result.progress,
    startedAt: result.startedAt.toISOString(), endedAt: result.endedAt.toISOString(), openPortCount, shipped,
  };
}

/** One end of the run from all chunks: the worst outcome wins; every chunk's batches must be in. */
export function mergeChunkOutcomes(results: ChunkOutcome[], lost: string[], chunks: number): RunFinal & { openPortCount: number } {
  const errors = [...results.flatMap((r) => (r.error ? [r.error] : [])), ...lost];
  const missing = chunks - results.length - lost.length;
  if (missing > 0) errors.push(`${missing} chunk(s) returned no result`);
  const found = results.reduce((sum, r) => sum + r.openPortCount, 0);
  const cancelled = results.some((r) => r.status === 'cancelled');
  const status = cancelled ? 'cancelled' : errors.length > 0 ? 'failed' : 'completed';
  const now = new Date().toISOString();
  let startedAt = results[0]?.startedAt ?? now;
  let endedAt = results[0]?.endedAt ?? now;
  for (const r of results) {
    if (Date.parse(r.startedAt) < Date.parse(startedAt)) startedAt = r.startedAt;
    if (Date.parse(r.endedAt) > Date.parse(endedAt)) endedAt = r.endedAt;
  }
  const progress = Math.floor(results.reduce((sum, r) => sum + r.progress, 0) / chunks);
  return {
    status,
    ...(status === 'failed' ? { error: `${errors.length} of ${chunks} chunks failed: ${[...new Set(errors)].join('; ')}; ${found} open ports found by the others are kept` } : {}),
    warnings: [...new Set(results.flatMap((r) => r.warnings))],
    progress: status === 'completed' ? 100 : progress,
    startedAt,
    endedAt,
    shipped: results.flatMap((r) => (r.shipped ? [r.shipped] : [])),
    openPortCount: found,
  };
}
