// Tuning of the worker that the product config (core/config.ts) does not cover: stalled-job detection,
// chunk size, shutdown grace. Read from optional environment variables so spawned test workers and
// operators can change them; every value has a production default.
import { z } from 'zod';
import { NAME_RULE, SCANNER_NAME } from '../core/events/scanner-keys.js';
import { DEFAULT_PREFIX } from './queues.js';

const wholeNumber = (fallback: number, min: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v)))
    .refine((v) => Number.isInteger(v) && v >= min, `must be a whole number from ${min}`);
const positiveInt = (fallback: number) => wholeNumber(fallback, 1);

const schema = z.object({
  /** BullMQ key prefix (tests isolate their queues with a random one). */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').default(DEFAULT_PREFIX),
  /** A scan covering more addresses than this is split into chunks (BullMQ flow). */
  WORKER_CHUNK_ADDRESSES: positiveInt(4096),
  /** How long a job lock lives without renewal; a SIGKILLed worker's job is stalled after it. */
  WORKER_LOCK_DURATION_MS: positiveInt(30_000),
  /** How often workers look for stalled jobs. */
  WORKER_STALLED_INTERVAL_MS: positiveInt(15_000),
  /** Times a run may be taken over after its worker died before it fails ("worker lost"); 0: never. */
  WORKER_MAX_STALLED: wholeNumber(2, 0),
  /** On SIGTERM, how long running jobs may take to finish before they are handed back to the queue. */
  WORKER_GRACE_SECONDS: positiveInt(20),
  /** The scanner's name when REDIS_URL carries no `scanner-NAME` user (a local scanner on an ACL-less Redis). */
  SCANNER_NAME: z.string().regex(SCANNER_NAME, NAME_RULE).optional(),
  /** Its pool then (else the pool `scanners add` recorded for it). */
  SCANNER_POOL: z.string().regex(SCANNER_NAME, NAME_RULE).optional(),
});

export interface WorkerSettings {
  prefix: string;
  chunkAddresses: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  graceMs: number;
  scannerName?: string;
  scannerPool?: string;
}

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = loadWorkerSettings({});

export function loadWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!result.success) {
    throw new Error(`Invalid worker settings:\n${result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const s = result.data;
  return {
    prefix: s.QUEUE_PREFIX,
    chunkAddresses: s.WORKER_CHUNK_ADDRESSES,
    lockDurationMs: s.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: s.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: s.WORKER_MAX_STALLED,
    graceMs: s.WORKER_GRACE_SECONDS * 1000,
    ...(s.SCANNER_NAME ? { scannerName: s.SCANNER_NAME } : {}),
    ...(s.SCANNER_POOL ? { scannerPool: s.SCANNER_POOL } : {}),
  };
}
