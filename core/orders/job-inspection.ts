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
