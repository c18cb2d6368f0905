// The seam between the scan service (core) and the queue (worker/). core never imports BullMQ: the
// worker package provides a RunDispatcher and the composition root (cli/) hands it to the service.

export interface RunJob {
  scanId: string;
  runId: number;
  run: number;
  /** The scanner pool the run goes to (default `default`). */
  pool?: string;
}

/**
 * What the queue knows of a run's job right now. `live`: waiting, delayed (a retry with backoff), or held
 * by a worker whose lock is fresh; `stalled`: taken by a worker whose lock expired (dead or frozen);
 * `finished`: the worker is done with it (completed or failed for good) — if the run is still active, its
 * final write never landed; `missing`: no such job (removed, or Redis lost its data).
 */
export type { JobInspection } from '../orders/job-inspection.js';
import type { JobInspection } from '../orders/job-inspection.js';

export interface RunDispatcher {
  /** Signs the run's order and puts it on its pool's queue. Throws when Redis cannot be reached or refuses (→ submit_error). */
  submit(job: RunJob): Promise<void>;
  /**
   * Stops a run: removes it from the queue when not yet started, else tells the scanner running it to
   * kill the tool's process group. Resolves once the request is delivered.
   */
  cancel(job: RunJob): Promise<void>;
  /** Creates or replaces the cron schedule of a scan (job scheduler keyed by scan id). */
  setSchedule(scanId: string, cron: string, timezone: string | null): Promise<void>;
  removeSchedule(scanId: string): Promise<void>;
  /** The queue's view of the run's job (absent in test doubles without a queue). Throws when unreachable. */
  inspect?(job: RunJob): Promise<JobInspection>;
}
