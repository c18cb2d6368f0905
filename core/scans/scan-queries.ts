// The read side of the scan service: show, list, history, logs, errors, vulns and diff.
import type { Kysely } from 'kysely';
import { findingsOfRun } from '../../db/repositories/finding.repository.js';
import { differingOpenPorts, openPortsOfRun } from '../../db/repositories/open-port.repository.js';
import { logsOfRun } from '../../db/repositories/run-log.repository.js';
import { latestRun, runByNumber, runsOfScan } from '../../db/repositories/run.repository.js';
import { countScans, scanOverviews } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import { diffPortsWithin } from '../../scanner/diff.js';
import type { OpenPort } from '../../scanner/types.js';
import { SEVERITIES, type LogLevel, type Severity } from '../../scanner/types.js';
import { UserError } from '../errors.js';
import { LIMITS } from './scan-input.js';
import { requireScan, scanIdText } from './scan-lifecycle.js';
import type { FindingView, RunErrorReport, RunLogLine, RunStatus, RunSummary, ScanDiff, ScanSummary } from './scan-model.js';
import type { ScanListPage } from './scan-service.contract.js';
import { diffScopeOf } from './scan-set.js';
import { currentFindingViews, openPortOf, portView, runSummary, scanSummary } from './scan-views.js';

const LEVELS: readonly LogLevel[] = ['info', 'warning', 'error'];
export const LIST_DEFAULT_LIMIT = LIMITS.listDefaultLimit;
export const LIST_MAX_LIMIT = LIMITS.listMaxLimit;

function wholeNumber(value: number | undefined, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new UserError('BAD_INPUT', `${what} must be a whole number from ${min} to ${max}, not ${value}; e.g. /scan list page=2 limit=50.`);
  return value;
}

async function runOf(db: Kysely<Database>, scan: ScanRow, number: number | undefined, options: { withResults?: boolean; status?: RunStatus } = {}): Promise<RunRow | undefined> {
  if (number === undefined) return latestRun(db, scan.id, options);
  const run = await runByNumber(db, scan.id, number);
  if (!run) throw new UserError('NOT_FOUND', `${scan.public_id} has no run ${number}; /scan history ${scan.public_id} lists its runs.`);
  return run;
}

function logLine(row: { at: Date; level: string; message: string }): RunLogLine {
  return { at: row.at.toISOString(), level: row.level as LogLevel, message: row.message };
}

export function createScanQueries(db: Kysely<Database>) {
  return {
    async show(scanId: string): Promise<ScanSummary> {
      const [row] = await scanOverviews(db, { publicId: scanIdText(scanId) });
      if (!row) throw new UserError('NOT_FOUND', `${scanIdText(scanId) || '(no id)'} does not exist (deleted, or a typo?); /scan list shows the scans.`);
      return scanSummary(row);
    },

    async list(filter: { status?: RunStatus; limit?: number; page?: number } = {}): Promise<ScanListPage> {
      const limit = wholeNumber(filter.limit, LIST_DEFAULT_LIMIT, 1, LIST_MAX_LIMIT, 'limit');
      const page = wholeNumber(filter.page, 1, 1, 1_000_000, 'page');
      const status = filter.status ? { status: filter.status } : {};
      const [rows, total] = await Promise.all([scanOverviews(db, { ...status, limit, offset: (page - 1) * limit }), countScans(db, filter.status)]);
      const now = new Date();
      return { scans: rows.map((row) => scanSummary(row, now)), total, page, limit };
    },

    async history(scanId: string): Promise<RunSummary[]> {
      const scan = await requireScan(db, scanId);
      const now = new Date();
      return (await runsOfScan(db, scan.id)).map((run) => runSummary(run, now));
    },

    /** `level` is the least severe level shown: warning shows warnings and errors. */
    async logs(scanId: string, options: { run?: number; level?: LogLevel } = {}): Promise<{ run: number; lines: RunLogLine[] }> {
      const scan = await requireScan(db, scanId);
      const run = await runOf(db, scan, options.run);
      if (!run) throw new UserError('NOT_FOUND', `${scan.public_id} has not run yet, so it has no logs.`);
      const levels = options.level ? LEVELS.slice(LEVELS.indexOf(options.level)) : undefined;
      return { run: run.number, lines: (await logsOfRun(db, run.id, levels ? { levels } : {})).map(logLine) };
    },

    async errors(scanId: string): Promise<RunErrorReport[]> {
      const scan = await requireScan(db, scanId);
      const failed = (await runsOfScan(db, scan.id)).filter((r) => r.error_message !== null && (r.status === 'failed' || r.status === 'submit_error'));
      return Promise.all(failed.reverse().map(async (run) => ({
        run: run.number,
        error: run.error_message!,
        lines: (await logsOfRun(db, run.id, { levels: ['error'], lastN: 20 })).map(logLine),
      })));
    },

    /**
     * The current findings of the latest completed run (or of the run given) — the same set show, list and
     * reports count: rows marked gone or not_scanned are the previous run's, not this run's.
     */
    async vulns(scanId: string, options: { min?: Severity; run?: number } = {}): Promise<FindingView[]> {
      const scan = await requireScan(db, scanId);
      const run = await runOf(db, scan, options.run, { withResults: true, status: 'completed' });
      if (!run) return [];
      const severities = SEVERITIES.slice(0, SEVERITIES.indexOf(options.min ?? 'info') + 1);
      return currentFindingViews(await findingsOfRun(db, run.id, severities));
    },

    /**
     * The latest completed run (or the run given) against the completed run before it, within what both
     * scanned; a first run shows all its ports as new.
     */
    async diff(scanId: string, options: { run?: number } = {}): Promise<ScanDiff> {
      const scan = await requireScan(db, scanId);
      const run = await runOf(db, scan, options.run, { withResults: true, status: 'completed' });
      if (!run) throw new UserError('NOT_FOUND', `${scan.public_id} has no completed run yet; nothing to compare.`);
      if (run.results_at === null) throw new UserError('NOT_FOUND', `${scan.public_id} run ${run.number} is ${run.status} and has no results; nothing to compare.`);
      const base = await latestRun(db, scan.id, { status: 'completed', withResults: true, before: run.number });
      const empty = { gone: [], changed: [], notScannedNow: [], notScannedBefore: [], scannerChange: null };
      if (!base) {
        const ports = (await openPortsOfRun(db, run.id)).map(openPortOf);
        return { scanId: scan.public_id, run: run.number, baseRun: null, new: ports.map(portView), ...empty };
      }
      const differing = await differingOpenPorts(db, base.id, run.id);
      const scope = diffScopeOf<OpenPort>(base, run);
      const d = diffPortsWithin(differing.base.map(openPortOf), differing.current.map(openPortOf), scope);
      const detail = (p: { service?: string; product?: string; version?: string }) => ({ service: p.service ?? null, product: p.product ?? null, version: p.version ?? null });
      const { scanner: before } = scope.base;
      const { scanner: after } = scope.current;
      return {
        scanId: scan.public_id,
        run: run.number,
        baseRun: base.number,
        new: d.new.map(portView),
        gone: d.gone.map(portView),
        changed: d.changed.map((c) => ({ ...portView(c.after), before: detail(c.before), after: detail(c.after) })),
        notScannedNow: d.notScannedNow.map(portView),
        notScannedBefore: d.notScannedBefore.map(portView),
        scannerChange: before && after && before !== after ? { before, after } : null,
      };
    },
  };
}
