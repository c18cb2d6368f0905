// The run status machine of DESIGN §3, in one place. Callers move a run with one conditional UPDATE whose
// WHERE clause is `status IN (statusesLeadingTo(to))`; when it matches nothing, illegalTransition() says why.
import { UserError } from '../errors.js';
import type { RunStatus } from './scan-model.js';

const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  // planned → failed: the reaper ends a planned run whose job was lost (Redis restarted without its data).
  planned: ['running', 'cancelled', 'submit_error', 'failed'],
  // running → running: a stalled job taken over by another worker.
  running: ['running', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
  submit_error: [],
};

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return NEXT[from].includes(to);
}

/** Every status from which `to` may be reached. */
export function statusesLeadingTo(to: RunStatus): RunStatus[] {
  return (Object.keys(NEXT) as RunStatus[]).filter((from) => NEXT[from].includes(to));
}

export function isEnded(status: RunStatus): boolean {
  return NEXT[status].length === 0;
}

const WHAT: Record<RunStatus, string> = {
  planned: 'it cannot be planned again',
  running: 'it cannot start again; /scan rerun starts a new run',
  completed: 'it cannot complete now',
  failed: 'it cannot fail now',
  cancelled: 'nothing to stop',
  submit_error: 'it cannot be marked unsubmitted now',
};

const STATE: Record<RunStatus, string> = {
  planned: 'still planned',
  running: 'running',
  completed: 'already completed',
  failed: 'already failed',
  cancelled: 'already cancelled',
  submit_error: 'a submit error (never queued)',
};

/** "SCAN-1004 run 3 is already completed; nothing to stop" */
export function illegalTransition(scanId: string, run: number, from: RunStatus, to: RunStatus): UserError {
  return new UserError('ILLEGAL_TRANSITION', `${scanId} run ${run} is ${STATE[from]}; ${WHAT[to]}`);
}

/** Throws illegalTransition unless from → to is allowed. */
export function assertTransition(scanId: string, run: number, from: RunStatus, to: RunStatus): void {
  if (!canTransition(from, to)) throw illegalTransition(scanId, run, from, to);
}
