// Queue names, job names and job payloads in one place. Scan jobs carry a signed order (core/orders/
// scan-order.ts) and nothing the scanner trusts besides; every payload is validated with zod when a job is
// taken, and a process refuses to start when a job name has no handler (see assertHandlers).
import { z } from 'zod';
import { runsQueueName } from '../core/events/scanner-keys.js';
import { signedOrderSchema } from '../core/orders/scan-order.js';

/** Scan work of one pool (`runs.<pool>`): taken by that pool's scanners only. */
export { runsQueueName };
/** The default pool's queue. */
export const RUNS_QUEUE = runsQueueName('default');
/** Cron firings and report digests: taken by the control plane (start, bot, ingest), never by scanners. */
export const SCHEDULES_QUEUE = 'schedules';
export const DEFAULT_PREFIX = 'portcullis';

export const JOB_NAMES = {
  /** A planned run: execute it (or split it into its signed chunks when large). */
  run: 'run',
  /** One chunk of a split run: one of the signed order's chunk target lists. */
  chunk: 'run-chunk',
  /** Parent of the chunks: merges their outcomes and ends the run. */
  merge: 'run-merge',
  /** A cron firing of a scan's schedule. */
  scheduled: 'scheduled-run',
  /** A firing of REPORT_SCHEDULE: the executive summary for `reports` channels. */
  report: 'report-summary',
} as const;

export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** Which jobs each queue carries; a worker must have a handler for every one of them. */
export const RUN_JOBS = [JOB_NAMES.run, JOB_NAMES.chunk, JOB_NAMES.merge] as const;
export const QUEUE_JOBS = {
  [RUNS_QUEUE]: RUN_JOBS,
  [SCHEDULES_QUEUE]: [JOB_NAMES.scheduled, JOB_NAMES.report],
} as const;

export const runPayload = signedOrderSchema;
export const chunkPayload = signedOrderSchema.extend({ chunk: z.number().int().min(0) });
export const mergePayload = signedOrderSchema.extend({ chunks: z.number().int().positive() });
export const scheduledPayload = z.object({ scanId: z.string().min(1) });
export const reportPayload = z.object({});

export const payloadSchemas = {
  [JOB_NAMES.run]: runPayload,
  [JOB_NAMES.chunk]: chunkPayload,
  [JOB_NAMES.merge]: mergePayload,
  [JOB_NAMES.scheduled]: scheduledPayload,
  [JOB_NAMES.report]: reportPayload,
} as const;

export type RunPayload = z.infer<typeof runPayload>;
export type ChunkPayload = z.infer<typeof chunkPayload>;
export type MergePayload = z.infer<typeof mergePayload>;
export type ScheduledPayload = z.infer<typeof scheduledPayload>;
export type ReportPayload = z.infer<typeof reportPayload>;

export interface PayloadOf {
  [JOB_NAMES.run]: RunPayload;
  [JOB_NAMES.chunk]: ChunkPayload;
  [JOB_NAMES.merge]: MergePayload;
  [JOB_NAMES.scheduled]: ScheduledPayload;
  [JOB_NAMES.report]: ReportPayload;
}

/** Job ids are derived from the run so a run can never be queued twice and can be found to cancel it. */
export const jobIds = {
  run: (runId: number) => `run-${runId}`,
  chunk: (runId: number, chunk: number) => `run-${runId}-chunk-${chunk}`,
  merge: (runId: number) => `run-${runId}-merge`,
  scheduler: (scanId: string) => `schedule-${scanId}`,
  /** The one report-summary scheduler; scan schedulers are `schedule-SCAN-…`, so the names cannot meet. */
  reportScheduler: 'report-summary',
};

/** Validates a payload; the error names the job so a bad producer is easy to find. */
export function parsePayload<N extends JobName>(name: N, data: unknown): PayloadOf[N] {
  const result = payloadSchemas[name].safeParse(data);
  if (!result.success) {
    throw new Error(`invalid payload for job "${name}": ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return result.data as PayloadOf[N];
}

/** Throws at start-up when a known job name has no handler, or a handler has no known job name. */
export function assertHandlers(handlers: Record<string, unknown>, expected: readonly string[]): void {
  const missing = expected.filter((name) => typeof handlers[name] !== 'function');
  const unknown = Object.keys(handlers).filter((name) => !expected.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [missing.length > 0 ? `no handler for job(s) ${missing.join(', ')}` : '', unknown.length > 0 ? `handler(s) for unknown job(s) ${unknown.join(', ')}` : ''];
    throw new Error(`worker set-up: ${parts.filter(Boolean).join('; ')}`);
  }
}
