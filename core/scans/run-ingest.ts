// Ingesting a run's results (finishRun): one transaction that locks the run, writes its open ports and
// findings in bulk, marks findings against the previous completed run, and ends the run. Idempotent: a
// retried job finds the run already ended with results and changes nothing, and a retry of a rolled-back
// attempt starts from a clean slate (delete-then-insert), so exactly one copy is ever stored.
import type { Kysely } from 'kysely';
import { deleteFindings, findingsOfRun, insertFindings } from '../../db/repositories/finding.repository.js';
import { deleteOpenPorts, differingOpenPorts, insertOpenPorts } from '../../db/repositories/open-port.repository.js';
import { appendRunLogs } from '../../db/repositories/run-log.repository.js';
import { latestRun, pruneRuns, runById, updateRun } from '../../db/repositories/run.repository.js';
import { scanById } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { NewFindingRow } from '../../db/schema/result.table.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import { diffFindings, diffPorts } from '../../scanner/diff.js';
import type { Finding, OpenPort, ScanResult } from '../../scanner/types.js';
import { UserError } from '../errors.js';
import { assertTransition, isEnded } from './run-status.js';
import type { ChangeMark, RunStatus } from './scan-model.js';
import { findingOf, openPortOf } from './scan-views.js';
import { matchRunVulnerabilities } from '../vulns/match-run.js';

export interface IngestOutcome {
  scan: ScanRow;
  run: RunRow;
  /** False when the run had already been ingested (a retried job): nothing was written. */
  ingested: boolean;
  baseRun: RunRow | undefined;
  newPorts: OpenPort[];
  newFindings: Finding[];
}

function markFindings(previous: Finding[] | null, current: Finding[], runId: number): NewFindingRow[] {
  const row = (f: Finding, change: ChangeMark): NewFindingRow => ({
    run_id: runId, rule_id: f.ruleId, severity: f.severity, title: f.title, ip: f.ip, port: f.port, protocol: f.protocol,
    evidence: f.evidence, remediation: f.remediation, change,
  });
  if (previous === null) return current.map((f) => row(f, 'new'));
  const diff = diffFindings(previous, current);
  const marks = new Map<Finding, ChangeMark>([...diff.new.map((f) => [f, 'new'] as const), ...diff.changed.map((c) => [c.after, 'changed'] as const)]);
  return [...current.map((f) => row(f, marks.get(f) ?? 'unchanged')), ...diff.gone.map((f) => row(f, 'gone'))];
}

function countsOf(rows: NewFindingRow[]) {
  const live = rows.filter((r) => r.change !== 'gone');
  const count = (s: string) => live.filter((r) => r.severity === s).length;
  return {
    finding_count: live.length,
    critical_count: count('critical'), high_count: count('high'), medium_count: count('medium'), low_count: count('low'), info_count: count('info'),
  };
}

export async function ingestRunResult(db: Kysely<Database>, runId: number, result: ScanResult, retention: number): Promise<IngestOutcome> {
  return db.transaction().execute(async (trx) => {
    const run = await runById(trx, runId, { forUpdate: true });
    if (!run) throw new UserError('NOT_FOUND', `Run ${runId} does not exist (its scan may have been deleted).`);
    const scan = (await scanById(trx, run.scan_id))!;
    const status = run.status as RunStatus;
    if (isEnded(status) && run.results_at !== null) {
      return { scan, run, ingested: false, baseRun: undefined, newPorts: [], newFindings: [] };
    }
    assertTransition(scan.public_id, run.number, status, result.status);

    const baseRun = await latestRun(trx, scan.id, { status: 'completed', withResults: true, before: run.number });
    const previousFindings = baseRun ? (await findingsOfRun(trx, baseRun.id)).filter((f) => f.change !== 'gone').map(findingOf) : null;
    const findingRows = markFindings(previousFindings, result.findings, run.id);

    await deleteOpenPorts(trx, run.id);
    await deleteFindings(trx, run.id);
    const { written, skipped } = await insertOpenPorts(trx, run.id, result.openPorts);
    await insertFindings(trx, findingRows);

    const notes = result.warnings.map((message) => ({ at: result.endedAt, level: 'warning', message }));
    if (skipped > 0) notes.push({ at: result.endedAt, level: 'warning', message: `${skipped} open-port rows with an invalid address, port or protocol were not stored` });
    if (notes.length > 0) await appendRunLogs(trx, run.id, notes);

    const ended = await updateRun(trx, run.id, {
      status: result.status,
      ended_at: result.endedAt,
      started_at: run.started_at ?? result.startedAt,
      progress: result.status === 'completed' ? 100 : Math.max(0, Math.min(100, result.progress)),
      error_message: result.status === 'completed' ? null : (result.error ?? run.error_message),
      results_at: new Date(),
      open_port_count: written,
      ...countsOf(findingRows),
    });
    // Known CVEs of the stored ports (issue 9): their findings join the run's, counts recounted.
    const cves = await matchRunVulnerabilities(trx, run.id);

    let newPorts: OpenPort[] = [];
    if (baseRun) {
      const differing = await differingOpenPorts(trx, baseRun.id, run.id);
      newPorts = diffPorts(differing.base.map(openPortOf), differing.current.map(openPortOf)).new;
    }
    const newFindings = findingRows.filter((f) => f.change === 'new').map((f) => findingOf({ ...f, change: 'new' })).concat(cves.newFindings);
    await pruneRuns(trx, scan.id, retention);
    return { scan, run: cves.run ?? ended!, ingested: true, baseRun, newPorts, newFindings };
  });
}
