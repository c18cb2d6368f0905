// The seam between the scan service (core) and the queue (worker/). core never imports BullMQ: the
// worker package provides a RunDispatcher and the composition root (cli/) hands it to the service.

export interface RunJob {
  scanId: string;
  runId: number;
  run: number;
  /** The scanner pool the run goes to (default `default`). */
  pool?: string;
}

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
}
