// The scan service's `reportInput`: everything buildReport needs about one run of a scan (its summary as of
// that run, the run history, findings, open ports, the diff against the previous completed run and the
// severity per completed run for the trend), read from db/ repositories in one place so that the chat
// front, the console and the scheduled summaries never assemble reports themselves.
// A report speaks for one completed run: by default the latest completed run, whatever a newer run is
// doing (planned, running, failed, cancelled), and the standing says which run that is and what happened
// since. A scan with no completed run yet gets an empty report that says so.
import type { Kysely } from 'kysely';
import { findingsOfRun } from '../../db/repositories/finding.repository.js';
import { openPortsOfRun } from '../../db/repositories/open-port.repository.js';
import { latestRun, runByNumber, runsOfScan } from '../../db/repositories/run.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { ReportInput, ReportStanding, TrendPoint } from '../reports/report-input.js';
import { UserError } from '../errors.js';
import { reportCvesOfRun } from '../vulns/report-cves.js';
import { requireScan } from './scan-lifecycle.js';
import type { ChangeMark, RunStatus, ScanDiff, ScanSummary } from './scan-model.js';
import { currentFindingViews, findingOf, findingView, openPortOf, runSummary, severityCounts } from './scan-views.js';

/** Completed runs drawn in the trend at most (the chart shows 20; a report needs fewer). */
export const REPORT_TREND_RUNS = 12;

export interface ReportInputQueries {
  show(scanId: string): Promise<ScanSummary>;
  diff(scanId: string, options?: { run?: number }): Promise<ScanDiff>;
}

/** The run asked for, else the latest completed run with results (undefined when none completed). */
async function runToReport(db: Kysely<Database>, scan: ScanRow, number: number | undefined): Promise<RunRow | undefined> {
  if (number === undefined) return latestRun(db, scan.id, { status: 'completed', withResults: true });
  const run = await runByNumber(db, scan.id, number);
  if (!run) throw new UserError('NOT_FOUND', `${scan.public_id} has no run ${number}; /scan history ${scan.public_id} lists its runs.`);
  return run;
}

const isActive = (status: string) => status === 'planned' || status === 'running';

/** The scan's summary as of `run` (counts, times and status of that run); the latest run goes in the standing. */
function summaryAsOf(latest: ScanSummary, run: RunRow | undefined, now: Date): ScanSummary {
  if (!run) {
    const none = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    return { ...latest, findings: 0, severity: none, openPorts: 0, resultsRun: null, resultsEndedAt: null };
  }
  const view = runSummary(run, now);
  const active = isActive(run.status);
  return {
    ...latest,
    status: run.status as RunStatus,
    run: run.number,
    resultsRun: run.status === 'completed' ? run.number : (latest.resultsRun ?? null),
    resultsEndedAt: run.ended_at?.toISOString() ?? null,
    findings: run.finding_count,
    severity: severityCounts(run),
    openPorts: run.open_port_count,
    startTime: view.startTime,
    durationSeconds: view.durationSeconds,
    error: run.error_message,
    progress: active ? Math.round(run.progress) : null,
    phase: active ? run.phase : null,
  };
}

function standingOf(run: RunRow | undefined, runs: RunRow[]): ReportStanding {
  const newest = runs.at(-1);
  const progress = (r: RunRow) => Math.round(r.progress);
  return {
    results: run ? { run: run.number, status: run.status as RunStatus, endedAt: run.ended_at?.toISOString() ?? null, progress: progress(run), error: run.error_message } : null,
    latest: newest && (!run || newest.number > run.number)
      ? { run: newest.number, status: newest.status as RunStatus, progress: progress(newest), error: newest.error_message }
      : null,
  };
}

/** Severity per completed run up to the one reported on, from the counters kept on each run. */
function trendOf(runs: RunRow[], upTo: number): TrendPoint[] {
  return runs
    .filter((r) => r.status === 'completed' && r.results_at !== null && r.number <= upTo)
    .slice(-REPORT_TREND_RUNS)
    .map((r) => ({ run: r.number, startTime: r.started_at?.toISOString() ?? null, severity: severityCounts(r) }));
}

export async function reportInputOf(db: Kysely<Database>, queries: ReportInputQueries, scanId: string, options: { run?: number } = {}): Promise<ReportInput> {
  const scan = await requireScan(db, scanId);
  const run = await runToReport(db, scan, options.run);
  const generatedAt = new Date();
  const [latest, runs] = await Promise.all([queries.show(scan.public_id), runsOfScan(db, scan.id)]);
  const history = runs.map((r) => runSummary(r, generatedAt));
  const standing = standingOf(run, runs);
  if (!run) return { scan: summaryAsOf(latest, undefined, generatedAt), standing, history, findings: [], openPorts: [], diff: null, notRechecked: [], generatedAt, trend: [] };
  const [findingRows, portRows, diff, cves] = await Promise.all([
    findingsOfRun(db, run.id),
    openPortsOfRun(db, run.id),
    // A run without results (planned, submit_error) has nothing to compare.
    run.results_at === null ? Promise.resolve(null) : queries.diff(scan.public_id, { run: run.number }).catch(() => null),
    reportCvesOfRun(db, run.id),
  ]);
  return {
    scan: summaryAsOf(latest, run, generatedAt),
    standing,
    history,
    findings: currentFindingViews(findingRows),
    notRechecked: findingRows.filter((row) => row.change === 'not_scanned').map((row) => findingView(findingOf(row), row.change as ChangeMark)),
    openPorts: portRows.map(openPortOf),
    diff,
    generatedAt,
    trend: trendOf(runs, run.number),
    cves,
  };
}
