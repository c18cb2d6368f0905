// Starting and stopping runs: creating the next run of a scan (one active run per scan, guarded by a
// partial unique index) and handing it to the dispatcher. A run the queue refuses becomes submit_error
// with the reason; the scan and the attempt stay visible, nothing is lost.
import type { Kysely } from 'kysely';
import { pgConstraint, pgErrorCode } from '../../db/errors.js';
import { activeRun, insertNextRun, transitionRun } from '../../db/repositories/run.repository.js';
import { scanByPublicId } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { RunEvent } from '../events/run-events.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RunDispatcher } from './run-dispatcher.js';
import { statusesLeadingTo } from './run-status.js';
import type { RunRef, RunTrigger } from './scan-model.js';
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
    const error = `could not be queued: ${reason}. Check that Redis is reachable, then /scan rerun ${scan.public_id}.`;
    deps.logger.error({ err: cause, scanId: scan.public_id, run: run.number }, 'run submit failed');
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
