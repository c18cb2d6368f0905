// Starting and stopping runs: creating the next run of a scan (one active run per scan, guarded by a
// partial unique index) and handing it to the dispatcher. A run the queue refuses becomes submit_error
// with the reason of that attempt; the scan and the attempt stay visible, nothing is lost. A stop reaches
// the worker holding the run, or — when nobody holds it any more — ends the run itself.
import type { Kysely } from 'kysely';
import { pgConstraint, pgErrorCode } from '../../db/errors.js';
import { watchedActiveRuns } from '../../db/repositories/active-run-watch.repository.js';
import { appendRunLogs } from '../../db/repositories/run-log.repository.js';
import { activeRun, insertNextRun, latestRun, transitionRun, updateRun } from '../../db/repositories/run.repository.js';
import { scanByPublicId } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { RunEvent } from '../events/run-events.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { messageOf } from '../deadline.js';
import { endAbandonedRun } from './abandoned-run.js';
import type { JobInspection, RunDispatcher } from './run-dispatcher.js';
import { judgeRun, type LivenessLimits } from './run-liveness.js';
import { illegalTransition, statusesLeadingTo } from './run-status.js';
import type { RunRef, RunStatus, RunTrigger } from './scan-model.js';
import { runRef } from './scan-views.js';

export interface LifecycleDeps {
  db: Kysely<Database>;
  dispatcher: RunDispatcher;
  logger: Logger;
  publish: (event: RunEvent) => Promise<void>;
}

export function scanIdText(text: string): string {
  return text.trim().toUpperCase();
}

export async function requireScan(db: Kysely<Database>, scanId: string): Promise<ScanRow> {
  const scan = await scanByPublicId(db, scanIdText(scanId));
  if (!scan) throw new UserError('NOT_FOUND', `${scanIdText(scanId) || '(no id)'} does not exist (deleted, or a typo?); /scan list shows the scans.`);
  return scan;
}

function activeRunRefusal(scan: ScanRow, active: RunRow | undefined): UserError {
  const which = active ? `run ${active.number} is ${active.status}` : 'a run is already active';
  return new UserError('CONFLICT', `${scan.public_id} ${which}; wait for it to end or /scan stop ${scan.public_id} first.`);
}

/** Creates the next planned run, or undefined when one is active and `skipIfActive` is set. */
export async function planRun(db: Kysely<Database>, scan: ScanRow, trigger: RunTrigger, skipIfActive = false): Promise<RunRow | undefined> {
  try {
    return await db.transaction().execute(async (trx) => {
      await scanByPublicId(trx, scan.public_id, { forUpdate: true });
      const active = await activeRun(trx, scan.id);
      if (active) {
        if (skipIfActive) return undefined;
        throw activeRunRefusal(scan, active);
      }
      return insertNextRun(trx, scan.id, trigger);
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505' && pgConstraint(error) === 'runs_one_active_per_scan') {
      if (skipIfActive) return undefined;
      throw activeRunRefusal(scan, await activeRun(db, scan.id));
    }
    throw error;
  }
}

/** Hands a planned run to the queue; on failure records submit_error and returns the updated ref. */
export async function submitRun(deps: LifecycleDeps, scan: ScanRow, run: RunRow): Promise<RunRef> {
  try {
    await deps.dispatcher.submit({ scanId: scan.public_id, runId: run.id, run: run.number, pool: scan.pool });
    return runRef(scan.public_id, run);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = `${/^could not /.test(reason) ? reason : `could not be queued: ${reason}`}; then /scan rerun ${scan.public_id}.`;
    deps.logger.error({ err: reason, scanId: scan.public_id, run: run.number }, 'run submit failed');
    const failed = await transitionRun(deps.db, run.id, statusesLeadingTo('submit_error'), 'submit_error', { error_message: error, ended_at: new Date() });
    const latest = failed ?? run;
    if (failed) {
      await publishSafely(deps, { type: 'run.submit_error', scanId: scan.public_id, scanName: scan.name, runId: run.id, run: run.number, at: new Date().toISOString(), error });
    }
    return runRef(scan.public_id, latest);
  }
}

export async function publishSafely(deps: Pick<LifecycleDeps, 'publish' | 'logger'>, event: RunEvent): Promise<void> {
  try {
    await deps.publish(event);
  } catch (error) {
    deps.logger.warn({ err: error, event: event.type, scanId: event.scanId }, 'publishing a run event failed');
  }
}

/**
 * `/scan stop`: a planned run is cancelled at once (and its job removed); a running one is signalled to
 * its worker, which kills the tools and ends it `cancelled`. When no live job and no beating worker carry
 * the run (its worker died, its final write failed), nobody would hear the signal: the run is ended here.
 */
export async function stopActiveRun(deps: LifecycleDeps & { limits: Pick<LivenessLimits, 'heartbeatMs'> }, scan: ScanRow, stoppedBy: string): Promise<RunRef> {
  const { db, dispatcher, logger } = deps;
  const active = await activeRun(db, scan.id);
  if (!active) {
    const last = await latestRun(db, scan.id);
    if (!last) throw new UserError('ILLEGAL_TRANSITION', `${scan.public_id} has no run; nothing to stop.`);
    throw illegalTransition(scan.public_id, last.number, last.status as RunStatus, 'cancelled');
  }
  const job = { scanId: scan.public_id, runId: active.id, run: active.number, pool: scan.pool };
  const cancelled = await transitionRun(db, active.id, ['planned'], 'cancelled', { cancelled_by: stoppedBy, ended_at: new Date() });
  if (cancelled) {
    await appendRunLogs(db, active.id, [{ at: new Date(), level: 'info', message: `stopped by ${stoppedBy} before it started` }]);
    await dispatcher.cancel(job).catch((err: unknown) => logger.warn({ err: messageOf(err), ...job }, 'removing a cancelled job from the queue failed'));
    return runRef(scan.public_id, cancelled);
  }
  const running = await updateRun(db, active.id, { cancelled_by: stoppedBy });
  if (!running || !statusesLeadingTo('cancelled').includes(running.status as RunStatus)) {
    throw illegalTransition(scan.public_id, active.number, (running?.status ?? active.status) as RunStatus, 'cancelled');
  }
  await appendRunLogs(db, active.id, [{ at: new Date(), level: 'info', message: `stop requested by ${stoppedBy}` }]);
  const delivered = await dispatcher.cancel(job).then(() => null, (error: unknown) => error);
  // A queue without inspection (test doubles) cannot say who holds the run: the worker is trusted to end it.
  const [watched] = dispatcher.inspect ? await watchedActiveRuns(db, { runId: active.id }) : [];
  if (watched && dispatcher.inspect) {
    const inspection: JobInspection | null = await dispatcher.inspect(job).catch(() => null);
    const verdict = judgeRun(watched, inspection, Date.now(), { heartbeatMs: deps.limits.heartbeatMs, plannedGraceMs: 0, finishedGraceMs: 0 });
    if (verdict.abandoned) {
      const ended = await endAbandonedRun(deps, watched, 'cancelled', null, `stopped by ${stoppedBy}; nobody was running it any more (${verdict.reason})`, stoppedBy);
      logger.warn({ ...job, reason: verdict.reason }, 'stop: the run had nobody to end it; ended here');
      if (ended) return runRef(scan.public_id, ended);
    }
  }
  if (delivered) throw delivered;
  return runRef(scan.public_id, running);
}
