// Ending a run nobody else will end (its worker died, its job vanished, its final write failed): one
// conditional transition, a log line saying why, and run.finished with the last error lines, so the alert
// and `/scan errors` tell the on-call what happened. Used by the reaper and by `/scan stop`.
import { logsOfRun, appendRunLogs } from '../../db/repositories/run-log.repository.js';
import { transitionRun } from '../../db/repositories/run.repository.js';
import type { WatchedRunRow } from '../../db/repositories/active-run-watch.repository.js';
import type { RunRow } from '../../db/schema/run.table.js';
import { publishSafely, type LifecycleDeps } from './scan-lifecycle.js';
import { statusesLeadingTo } from './run-status.js';
import { runSummary, severityCounts } from './scan-views.js';

/** Moves the run to `to` unless it ended meanwhile (then undefined: someone else ended it). */
export async function endAbandonedRun(deps: LifecycleDeps, run: WatchedRunRow, to: 'failed' | 'cancelled', error: string | null, logLine: string, cancelledBy?: string): Promise<RunRow | undefined> {
  const ended = await transitionRun(deps.db, run.id, statusesLeadingTo(to), to, {
    ended_at: new Date(),
    ...(error !== null ? { error_message: error } : {}),
    ...(cancelledBy ? { cancelled_by: cancelledBy } : {}),
  });
  if (!ended) return undefined;
  await appendRunLogs(deps.db, run.id, [{ at: new Date(), level: to === 'failed' ? 'error' : 'warning', message: logLine }]);
  const lastErrors = to === 'failed' ? (await logsOfRun(deps.db, run.id, { levels: ['error'], lastN: 5 })).map((l) => l.message) : [];
  await publishSafely(deps, {
    type: 'run.finished',
    scanId: run.scan_public_id, scanName: run.scan_name, runId: run.id, run: run.number, at: new Date().toISOString(),
    status: to,
    error: ended.error_message,
    openPorts: ended.open_port_count,
    findings: ended.finding_count,
    severity: severityCounts(ended),
    durationSeconds: runSummary(ended).durationSeconds ?? 0,
    lastErrors,
  });
  return ended;
}
