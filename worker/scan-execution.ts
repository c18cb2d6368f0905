// Runs one scan (a whole run or a chunk) in this process: registered in ActiveRuns so a cancel request or
// the shutdown can abort it, with a hard backstop in case the engine does not stop at its own timeout.
// Results leave in batches as they are found (the shipper); the outcome returned holds none of them.
import type { ScanRequest, ScanResult } from '../scanner/types.js';
import { stopReasonOf, type ActiveRuns, type StopReason } from './active-runs.js';
import { shipCollectedResults, type ResultShipper } from './result-shipping.js';
import type { RunReporter } from './run-reporter.js';
import type { PreparedScan } from './scan-request.js';

export type RunScan = (request: ScanRequest) => Promise<ScanResult>;

export interface ScanOutcome {
  result: ScanResult;
  /** Set when this worker stopped the scan: a cancel request, the shutdown, or the backstop. */
  stoppedBy: StopReason | null;
}

/** Seconds past the run's own timeout before the worker ends it itself, and how long it then waits. */
const BACKSTOP_SLACK_SECONDS = 60;
const BACKSTOP_WAIT_MS = 15_000;

export async function executeScan(
  prepared: PreparedScan,
  ids: { runId: number; jobId: string },
  deps: { runScan: RunScan; active: ActiveRuns; reporter: RunReporter; shipper: ResultShipper; isCancelled?: () => Promise<boolean> },
): Promise<ScanOutcome> {
  const handle = deps.active.start(ids.runId, ids.jobId);
  // A cancel request published before this scan was registered would be missed: check its flag once.
  if (await deps.isCancelled?.().catch(() => false)) handle.abort('cancelled');
  const startedAt = new Date();
  let backstopFired: (() => void) | null = null;
  const backstopGaveUp = new Promise<ScanResult>((resolve) => {
    backstopFired = () =>
      setTimeout(() => {
        resolve({
          status: 'failed',
          openPorts: [],
          findings: [],
          error: `the scan did not stop at its ${prepared.timeoutSeconds} s timeout and was ended by the worker; rerun it with a smaller target range or a lower timeout`,
          warnings: [],
          progress: 0,
          startedAt,
          endedAt: new Date(),
        });
      }, BACKSTOP_WAIT_MS).unref();
  });
  const backstop = setTimeout(() => {
    deps.reporter.log('error', `worker backstop: the scan ran ${prepared.timeoutSeconds + BACKSTOP_SLACK_SECONDS} s, past its timeout; stopping it`);
    handle.abort('backstop');
    backstopFired?.();
  }, (prepared.timeoutSeconds + BACKSTOP_SLACK_SECONDS) * 1000);
  backstop.unref();
  try {
    const raw = await Promise.race([
      deps.runScan({ ...prepared, signal: handle.signal, onEvent: deps.reporter.onEvent, onResults: deps.shipper.ship }),
      backstopGaveUp,
    ]);
    const result = await shipCollectedResults(raw, deps.shipper);
    const stoppedBy = stopReasonOf(handle.signal);
    if (stoppedBy === 'backstop' && result.status === 'cancelled') {
      return {
        stoppedBy,
        result: { ...result, status: 'failed', error: `timed out after ${prepared.timeoutSeconds} s at ${result.progress} %; ${deps.shipper.openPortCount()} open ports found before the stop are kept` },
      };
    }
    return { result, stoppedBy };
  } finally {
    clearTimeout(backstop);
    handle.release();
  }
}
