// What the queue says of a run's job (the reaper and /scan stop ask it): shared by core's RunDispatcher port
// and its BullMQ implementation in worker/, which must not import core/scans (the scanner's trust boundary).
export interface JobInspection {
  state: 'live' | 'stalled' | 'finished' | 'missing';
  /** BullMQ's own state name (waiting, active, delayed, completed, failed, …) when there is a job. */
  queueState?: string;
  /** The error of the last failed attempt. */
  failedReason?: string;
  /** When the worker finished with it (ms since the epoch). */
  finishedOn?: number;
}

/** Why a run failed whose job BullMQ gave up on because its worker stopped answering (no stall retry left). */
export const STALLED_RUN_REASON = 'worker lost during the run (it stopped answering and no retry was left)';

/** A job's failure is BullMQ's "job stalled more than allowable limit": its worker died, nothing else failed. */
export function isStalledFailure(reason: string | undefined): boolean {
  return reason !== undefined && /stalled/i.test(reason);
}
