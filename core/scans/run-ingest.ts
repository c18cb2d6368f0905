// Ingesting a run's results (finishRun): one transaction that locks the run, writes its open ports and
// findings in bulk, marks findings against the previous completed run, and ends the run. Idempotent: a
// retried job finds the run already ended with results and changes nothing, and a retry of a rolled-back
// attempt starts from a clean slate (delete-then-insert), so exactly one copy is ever stored.
// Runs of remote scanners arrive in batches instead (result-batch.repository.ts, applied by control/ingest)
// and end with endStreamedRun. Both paths end in concludeIngest: the place for what follows a stored run.
import type { Kysely, Transaction } from 'kysely';
import { deleteFindings, insertFindings, storedFindingsOfRun } from '../../db/repositories/finding.repository.js';
import { deleteOpenPorts, differingOpenPorts, insertOpenPorts } from '../../db/repositories/open-port.repository.js';
import { detectionsOfPorts, type PortDetection } from '../../db/repositories/port-detection.repository.js';
import { goneFindingsOfRun, markNotScanned, markStreamedFindings, resultCounts } from '../../db/repositories/result-batch.repository.js';
import { appendRunLogs } from '../../db/repositories/run-log.repository.js';
import { latestRun, pruneRuns, runById, updateRun } from '../../db/repositories/run.repository.js';
import { scanById } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { NewFindingRow } from '../../db/schema/result.table.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import { diffFindingsWithin, diffPortsWithin, type DiffScope } from '../../scanner/diff.js';
import type { Finding, OpenPort, ScanResult } from '../../scanner/types.js';
import { UserError } from '../errors.js';
import { assertTransition, isEnded } from './run-status.js';
import type { ChangeMark, RunStatus } from './scan-model.js';
import { findingOf, openPortOf } from './scan-views.js';
import { diffScopeOf } from './scan-set.js';
import { isCveRule, matchRunVulnerabilities } from '../vulns/match-run.js';

export interface IngestOutcome {
  scan: ScanRow;
  run: RunRow;
  /** False when the run had already been ingested (a retried job): nothing was written. */
  ingested: boolean;
  baseRun: RunRow | undefined;
  newPorts: OpenPort[];
  newFindings: Finding[];
}

/** Marks against the previous run within what both scanned: a finding on a port this run did not scan is `not_scanned`, not `gone`. */
function markFindings(previous: Finding[] | null, current: Finding[], runId: number, scope: DiffScope<Finding> | null): NewFindingRow[] {
  const row = (f: Finding, change: ChangeMark): NewFindingRow => ({
    run_id: runId, rule_id: f.ruleId, severity: f.severity, title: f.title, ip: f.ip, port: f.port, protocol: f.protocol,
    evidence: f.evidence, remediation: f.remediation, change,
  });
  if (previous === null || scope === null) return current.map((f) => row(f, 'new'));
  const diff = diffFindingsWithin(previous, current, scope);
  const marks = new Map<Finding, ChangeMark>([
    ...diff.new.map((f) => [f, 'new'] as const),
    ...diff.notScannedBefore.map((f) => [f, 'new'] as const),
    ...diff.changed.map((c) => [c.after, 'changed'] as const),
  ]);
  return [...current.map((f) => row(f, marks.get(f) ?? 'unchanged')), ...diff.gone.map((f) => row(f, 'gone')), ...diff.notScannedNow.map((f) => row(f, 'not_scanned'))];
}

function countsOf(rows: NewFindingRow[]) {
  const live = rows.filter((r) => r.change !== 'gone' && r.change !== 'not_scanned');
  const count = (s: string) => live.filter((r) => r.severity === s).length;
  return {
    finding_count: live.length,
    critical_count: count('critical'), high_count: count('high'), medium_count: count('medium'), low_count: count('low'), info_count: count('info'),
  };
}

/** The columns that end a run with results, direct or streamed: status, times, progress, error. */
function endOfRun(run: RunRow, end: Pick<ScanResult, 'status' | 'endedAt' | 'startedAt' | 'progress' | 'error'>) {
  return {
    status: end.status,
    ended_at: end.endedAt,
    started_at: run.started_at ?? end.startedAt,
    progress: end.status === 'completed' ? 100 : Math.max(0, Math.min(100, end.progress)),
    error_message: end.status === 'completed' ? null : (end.error ?? run.error_message),
    results_at: new Date(),
  };
}

/**
 * The start of ending a run with results, direct or streamed: locks the run, returns `done` when it was
 * already ingested (a retry changes nothing), refuses an illegal transition, and finds the base run.
 */
async function openRunToEnd(trx: Transaction<Database>, runId: number, next: RunStatus): Promise<{ done: IngestOutcome } | { run: RunRow; scan: ScanRow; baseRun: RunRow | undefined }> {
  const run = await runById(trx, runId, { forUpdate: true });
  if (!run) throw new UserError('NOT_FOUND', `Run ${runId} does not exist (its scan may have been deleted).`);
  const scan = (await scanById(trx, run.scan_id))!;
  const status = run.status as RunStatus;
  if (isEnded(status) && run.results_at !== null) {
    return { done: { scan, run, ingested: false, baseRun: undefined, newPorts: [], newFindings: [] } };
  }
  assertTransition(scan.public_id, run.number, status, next);
  const baseRun = await latestRun(trx, scan.id, { status: 'completed', withResults: true, before: run.number });
  return { run, scan, baseRun };
}

export async function ingestRunResult(db: Kysely<Database>, runId: number, result: ScanResult, retention: number): Promise<IngestOutcome> {
  return db.transaction().execute(async (trx) => {
    const opened = await openRunToEnd(trx, runId, result.status);
    if ('done' in opened) return opened.done;
    const { run, scan, baseRun } = opened;
    // The base run's findings, with those it carried as not_scanned (last seen earlier, not re-checked since).
    // CVE findings are the matching's to compare and carry (concludeIngest), so a run of known CVEs writes no row per port.
    const previousFindings = baseRun ? (await storedFindingsOfRun(trx, baseRun.id)).filter((f) => f.change !== 'gone' && !isCveRule(f.rule_id)).map(findingOf) : null;
    const scope = baseRun ? diffScopeOf<Finding>(baseRun, run) : null;
    const findingRows = markFindings(previousFindings, result.findings, run.id, scope);

    await deleteOpenPorts(trx, run.id);
    await deleteFindings(trx, run.id);
    const { written, skipped } = await insertOpenPorts(trx, run.id, result.openPorts);
    await insertFindings(trx, findingRows);

    const notes = result.warnings.map((message) => ({ at: result.endedAt, level: 'warning', message }));
    if (skipped > 0) notes.push({ at: result.endedAt, level: 'warning', message: `${skipped} open-port rows with an invalid address, port or protocol were not stored` });
    if (notes.length > 0) await appendRunLogs(trx, run.id, notes);

    const ended = await updateRun(trx, run.id, {
      ...endOfRun(run, result),
      open_port_count: written,
      ...countsOf(findingRows),
    });
    const newFindings = findingRows.filter((f) => f.change === 'new').map((f) => findingOf({ ...f, change: 'new' }));
    // The ports are in memory: their detections are grouped here rather than read back grouped by PostgreSQL.
    return concludeIngest(trx, scan, ended!, baseRun, newFindings, retention, () => detectionsOfPorts(result.openPorts, { allStored: skipped === 0 }));
  });
}

/**
 * What follows every stored run (direct or streamed): CVE matching over its stored ports, new exposure
 * against the base run, within what both runs scanned (open now, closed in the base run although it scanned there; first looked at now is not
 * new), then retention.
 */
async function concludeIngest(
  trx: Transaction<Database>, scan: ScanRow, stored: RunRow, baseRun: RunRow | undefined, stateless: Finding[], retention: number, detections?: () => PortDetection[],
): Promise<IngestOutcome> {
  // Known CVEs of the stored ports (issue 9): their findings join the run's, counts recounted.
  const cves = await matchRunVulnerabilities(trx, stored.id, { run: stored, base: baseRun ?? null, ...(detections ? { detectionsOf: detections } : {}) });
  const run = cves.run ?? stored;
  const candidates = stateless.concat(cves.newFindings);
  let newPorts: OpenPort[] = [];
  let newFindings = candidates;
  if (baseRun) {
    const differing = await differingOpenPorts(trx, baseRun.id, run.id);
    newPorts = diffPortsWithin(differing.base.map(openPortOf), differing.current.map(openPortOf), diffScopeOf<OpenPort>(baseRun, run)).new;
    const scope = diffScopeOf<Finding>(baseRun, run);
    newFindings = candidates.filter((f) => scope.previousCovers(f));
  }
  await pruneRuns(trx, scan.id, retention);
  return { scan, run, ingested: true, baseRun, newPorts, newFindings };
}

/** How a streamed run ended (its rows are already stored, batch by batch). */
export interface StreamedEnd {
  status: 'completed' | 'failed' | 'cancelled';
  error?: string;
  warnings: string[];
  progress: number;
  startedAt: Date;
  endedAt: Date;
}

/**
 * Ends a run whose results were streamed: marks findings against the base run and sets the counters, in
 * SQL, then the same conclusion as a direct ingest. Idempotent like ingestRunResult.
 */
export async function endStreamedRun(db: Kysely<Database>, runId: number, end: StreamedEnd, retention: number): Promise<IngestOutcome> {
  return db.transaction().execute(async (trx) => {
    const opened = await openRunToEnd(trx, runId, end.status);
    if ('done' in opened) return opened.done;
    const { run, scan, baseRun } = opened;
    await markStreamedFindings(trx, run.id, baseRun?.id ?? null);
    if (baseRun) {
      // Carried over as gone, but on a port this run did not scan: not fixed, only not re-checked.
      const scope = diffScopeOf<{ ip: string; port: number; protocol: string }>(baseRun, run);
      await markNotScanned(trx, run.id, (await goneFindingsOfRun(trx, run.id)).filter((f) => !scope.currentCovers(f)));
    }
    const notes = end.warnings.map((message) => ({ at: end.endedAt, level: 'warning', message }));
    if (notes.length > 0) await appendRunLogs(trx, run.id, notes);
    const ended = await updateRun(trx, run.id, {
      ...endOfRun(run, end),
      ...(await resultCounts(trx, run.id)),
    });
    const newRows = await storedFindingsOfRun(trx, run.id);
    const newFindings = newRows.filter((f) => f.change === 'new').slice(0, 1000).map(findingOf);
    return concludeIngest(trx, scan, ended!, baseRun, newFindings, retention);
  });
}
