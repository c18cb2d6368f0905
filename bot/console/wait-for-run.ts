// Blocks until a run ends, for `portcullis chat --wait`: watches the run events received so far (the
// caller subscribed before submitting) and, in case an event was lost or Redis is down (no events at
// all), asks the service at once and then every 2 s, until the deadline (--wait-timeout).
import type { RunEvent } from '../../core/events/run-events.js';
import { ACTIVE_RUN_STATUSES } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';

export interface WaitForRunOptions {
  service: Pick<ScanService, 'history'>;
  scanId: string;
  runId: number;
  run: number;
  /** Events received so far; the caller keeps appending to it. */
  events: readonly RunEvent[];
  timeoutMs: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves to the run's final status, or `timeout`. */
export async function waitForRunEnd(options: WaitForRunOptions): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 2000;
  // The first look is at once: a run that could not be queued has already ended.
  let nextPoll = Date.now();
  while (Date.now() < deadline) {
    const end = options.events.find((e) => e.runId === options.runId && e.scanId === options.scanId && e.run === options.run && (e.type === 'run.finished' || e.type === 'run.submit_error'));
    if (end) return end.type === 'run.finished' ? end.status : 'submit_error';
    if (Date.now() >= nextPoll) {
      nextPoll = Date.now() + pollMs;
      const run = (await options.service.history(options.scanId)).find((r) => r.run === options.run);
      // Give a just-published finish event a moment to arrive, so its notifications are included.
      if (run && !ACTIVE_RUN_STATUSES.includes(run.status)) {
        await sleep(500);
        return run.status;
      }
    }
    await sleep(100);
  }
  return 'timeout';
}
