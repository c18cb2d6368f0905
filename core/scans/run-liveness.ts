// Is anyone still going to end this run? The one judgement the reaper and `/scan stop` share, from what
// PostgreSQL says (status, the worker's last heartbeat) and what the queue says (JobInspection). Pure, so
// every case is tested without a queue. A run is abandoned when no live job carries it and no worker that
// beats recently says it runs something — then it would stay `planned`/`running` for ever.
import type { WatchedRunRow } from '../../db/repositories/active-run-watch.repository.js';
import { isStalledFailure, STALLED_RUN_REASON } from '../orders/job-inspection.js';
import type { JobInspection } from './run-dispatcher.js';

export interface LivenessLimits {
  /** A heartbeat younger than this is fresh (2 × HEARTBEAT_INTERVAL_SECONDS, like /scan scanners' online). */
  heartbeatMs: number;
  /** A planned run younger than this may still be being submitted. */
  plannedGraceMs: number;
  /** A job finished less than this ago may still have its worker recording the outcome. */
  finishedGraceMs: number;
}

export type Liveness = { abandoned: false; why: string } | { abandoned: true; kind: 'worker lost' | 'results could not be stored'; reason: string };

function seen(at: Date | null): string {
  return at ? `last seen ${at.toISOString()}` : 'never seen';
}

/** `job`: the queue's view, or null when the queue could not be asked (Redis down: judge by heartbeat alone). */
export function judgeRun(run: WatchedRunRow, job: JobInspection | null, now: number, limits: LivenessLimits): Liveness {
  const workerFresh = run.worker_last_seen !== null && now - run.worker_last_seen.getTime() <= limits.heartbeatMs && (run.worker_running_jobs ?? 0) > 0;
  const worker = run.worker_id ? `worker ${run.worker_id} (${seen(run.worker_last_seen)})` : 'no worker';
  if (job?.state === 'live') return { abandoned: false, why: `its job is ${job.queueState ?? 'queued'}` };
  if (job?.state === 'finished') {
    if (job.finishedOn !== undefined && now - job.finishedOn < limits.finishedGraceMs) return { abandoned: false, why: 'its job just ended; the worker is recording it' };
    // BullMQ failed it because its worker stopped answering: the worker is lost, not the results.
    if (isStalledFailure(job.failedReason)) return { abandoned: true, kind: 'worker lost', reason: STALLED_RUN_REASON };
    const cause = job.failedReason ?? 'the worker finished the scan, but its outcome never reached the database';
    return { abandoned: true, kind: 'results could not be stored', reason: `results could not be stored: ${cause}` };
  }
  if (workerFresh) return { abandoned: false, why: `${worker} is alive and running jobs` };
  if (run.status === 'planned' && now - run.created_at.getTime() < limits.plannedGraceMs) return { abandoned: false, why: 'just planned' };
  if (job === null) {
    // The queue cannot be asked: only a run whose worker is gone can be judged, and only once it ran.
    if (run.status === 'planned' || !run.worker_id) return { abandoned: false, why: 'the queue cannot be asked' };
    return { abandoned: true, kind: 'worker lost', reason: `worker lost: ${worker} stopped beating and the queue cannot be asked` };
  }
  if (job.state === 'stalled') return { abandoned: true, kind: 'worker lost', reason: `worker lost: ${worker} stopped answering and no worker took its job over` };
  const holder = run.worker_id ? worker : 'no worker ever took it';
  return { abandoned: true, kind: 'worker lost', reason: `worker lost: its job is no longer on the queue (Redis restarted without its data, or the job was removed) and no live worker runs it (${holder})` };
}
