// What a run's execution does to the database: the in-process calls of the scan service (fetch the job's
// configuration, mark it running, report progress and logs, end it with results through run-ingest.ts or
// without), and the control plane's side of remote scanners' reports (createScannerReportSide), which
// control/ingest applies for each message a scanner streams.
import type { Kysely } from 'kysely';
import type { OpenPortInput } from '../../db/repositories/open-port.repository.js';
import { portLinesOf, type PortLines } from '../events/port-lines.js';
import { claimBatch, countBatches, deleteFindingsOnPortLines, setBatchPortRows, upsertFindings, upsertPortLines, type FindingInput } from '../../db/repositories/result-batch.repository.js';
import { appendRunLogs, logsOfRun } from '../../db/repositories/run-log.repository.js';
import { runById, transitionRun } from '../../db/repositories/run.repository.js';
import { scanById } from '../../db/repositories/scan.repository.js';
import type { Database, Db } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { LogLevel, ScanResult, Severity } from '../../scanner/types.js';
import type { RunEvent } from '../events/run-events.js';
import { UserError } from '../errors.js';
import { endStreamedRun, type IngestOutcome, ingestRunResult, type StreamedEnd } from './run-ingest.js';
import { illegalTransition, statusesLeadingTo } from './run-status.js';
import { publishSafely, type LifecycleDeps } from './scan-lifecycle.js';
import type { RunRef, RunStatus, RunSummary, ScanConfig } from './scan-model.js';
import { configOf, findingView, portView, runRef, runSummary, severityCounts } from './scan-views.js';

async function requireRun(db: Kysely<Database>, runId: number): Promise<{ run: RunRow; scan: ScanRow }> {
  const run = await runById(db, runId);
  const scan = run ? await scanById(db, run.scan_id) : undefined;
  if (!run || !scan) throw new UserError('NOT_FOUND', `Run ${runId} does not exist (its scan may have been deleted).`);
  return { run, scan };
}

function base(scan: ScanRow, run: RunRow) {
  return { scanId: scan.public_id, scanName: scan.name, runId: run.id, run: run.number, at: new Date().toISOString() };
}

export async function finishedEvent(db: Kysely<Database>, scan: ScanRow, run: RunRow): Promise<RunEvent> {
  const lastErrors = run.status === 'failed' ? (await logsOfRun(db, run.id, { levels: ['error'], lastN: 5 })).map((l) => l.message) : [];
  return {
    ...base(scan, run),
    type: 'run.finished',
    status: run.status as 'completed' | 'failed' | 'cancelled',
    error: run.error_message,
    openPorts: run.open_port_count,
    findings: run.finding_count,
    severity: severityCounts(run),
    durationSeconds: runSummary(run).durationSeconds ?? 0,
    lastErrors,
  };
}

export function createWorkerSide(deps: LifecycleDeps & { retention: number }) {
  const { db } = deps;
  return {
    async runForJob(runId: number): Promise<{ ref: RunRef; scanName: string; config: ScanConfig } | null> {
      const run = await runById(db, runId);
      const scan = run ? await scanById(db, run.scan_id) : undefined;
      if (!run || !scan) return null;
      return { ref: runRef(scan.public_id, run), scanName: scan.name, config: configOf(scan) };
    },

    async markRunning(runId: number, workerId: string): Promise<void> {
      const { run, scan } = await requireRun(db, runId);
      const moved = await transitionRun(db, runId, statusesLeadingTo('running'), 'running', {
        worker_id: workerId, started_at: run.started_at ?? new Date(), attempt: run.attempt + 1,
      });
      if (!moved) {
        const now = await runById(db, runId);
        throw illegalTransition(scan.public_id, run.number, (now?.status ?? run.status) as RunStatus, 'running');
      }
    },

    async recordProgress(runId: number, percent: number, phase: string): Promise<void> {
      const progress = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0));
      await db.updateTable('runs').set({ progress, phase: phase.slice(0, 200) }).where('id', '=', runId).where('status', '=', 'running').execute();
    },

    async appendLogs(runId: number, lines: Array<{ at: Date; level: LogLevel; message: string }>): Promise<void> {
      await appendRunLogs(db, runId, lines);
    },

    async finishRun(runId: number, result: ScanResult): Promise<RunSummary> {
      const outcome = await ingestRunResult(db, runId, result, deps.retention);
      if (!outcome.ingested) return runSummary(outcome.run);
      await announceEnd(deps, outcome);
      return runSummary(outcome.run);
    },

    async failRun(runId: number, error: string): Promise<void> {
      const { run, scan } = await requireRun(db, runId);
      const failed = await transitionRun(db, runId, statusesLeadingTo('failed'), 'failed', { error_message: error, ended_at: new Date() });
      if (!failed) {
        const now = (await runById(db, runId)) ?? run;
        if (now.status === 'failed') return; // a retried failure report: already recorded
        throw illegalTransition(scan.public_id, run.number, now.status as RunStatus, 'failed');
      }
      await appendRunLogs(db, runId, [{ at: new Date(), level: 'error', message: error }]);
      await publishSafely(deps, await finishedEvent(db, scan, failed));
    },
  };
}

/** A scanner, as ingest knows it from the stream a message came on (never from the message). */
export interface ReportingScanner {
  name: string;
  pool: string;
}

/** What ingest did with a message: applied, refused (logged, dropped) or to be retried later. */
export type ReportOutcome = { applied: true } | { applied: false; retry: boolean; reason: string };

const applied: ReportOutcome = { applied: true };
const refused = (reason: string): ReportOutcome => ({ applied: false, retry: false, reason });
const later = (reason: string): ReportOutcome => ({ applied: false, retry: true, reason });

/**
 * The control plane's side of a scanner's reports (control/ingest applies each stream message here).
 * A report is accepted only for an active run of the scanner's pool, and — once started — only from a
 * scanner the run was assigned to; everything else is refused with the reason.
 */
export function createScannerReportSide(deps: LifecycleDeps & { retention: number }) {
  const { db } = deps;
  const worker = createWorkerSide(deps);

  /** The run, when it is active and assigned to this scanner; `lock` holds it (FOR SHARE) so it cannot end under a batch. */
  async function assigned(scanner: ReportingScanner, runId: number, on: Db = db, lock = false): Promise<{ run: RunRow; scan: ScanRow } | ReportOutcome> {
    const run = await runById(on, runId, lock ? { forShare: true } : {});
    const scan = run ? await scanById(on, run.scan_id) : undefined;
    if (!run || !scan) return refused(`run ${runId} does not exist`);
    if (scan.pool !== scanner.pool) return refused(`run ${runId} belongs to pool ${scan.pool}, not to ${scanner.name}'s pool ${scanner.pool}`);
    if (run.status !== 'running') return refused(`run ${runId} is ${run.status}, not running`);
    if (!run.scanners.includes(scanner.name)) return refused(`run ${runId} is not assigned to scanner ${scanner.name}`);
    return { run, scan };
  }
  const isOutcome = (value: unknown): value is ReportOutcome => typeof value === 'object' && value !== null && 'applied' in value;

  return {
    async started(scanner: ReportingScanner, runId: number, workerId: string): Promise<ReportOutcome> {
      const run = await runById(db, runId);
      const scan = run ? await scanById(db, run.scan_id) : undefined;
      if (!run || !scan) return refused(`run ${runId} does not exist`);
      if (scan.pool !== scanner.pool) return refused(`run ${runId} belongs to pool ${scan.pool}, not to ${scanner.name}'s pool ${scanner.pool}`);
      const first = run.status === 'planned';
      const moved = await transitionRun(db, runId, statusesLeadingTo('running'), 'running', {
        worker_id: workerId, started_at: run.started_at ?? new Date(), attempt: run.attempt + 1,
        scanners: run.scanners.includes(scanner.name) ? run.scanners : [...run.scanners, scanner.name],
      });
      if (!moved) return refused(`run ${runId} is ${run.status}: it cannot start`);
      if (first) await publishSafely(deps, { ...base(scan, moved), type: 'run.started', workerId: scanner.name });
      return applied;
    },

    async progress(scanner: ReportingScanner, runId: number, percent: number, phase: string): Promise<ReportOutcome> {
      const found = await assigned(scanner, runId);
      if (isOutcome(found)) return found;
      await worker.recordProgress(runId, percent, phase);
      await publishSafely(deps, { ...base(found.scan, found.run), type: 'run.progress', percent, phase });
      return applied;
    },

    async logs(scanner: ReportingScanner, runId: number, lines: Array<{ at: Date; level: LogLevel; message: string }>): Promise<ReportOutcome> {
      const found = await assigned(scanner, runId);
      if (isOutcome(found)) return found;
      await appendRunLogs(db, runId, lines);
      for (const line of lines) {
        if (line.level !== 'info') await publishSafely(deps, { ...base(found.scan, found.run), type: 'run.log', level: line.level, message: line.message });
      }
      return applied;
    },

    /** One batch of results (see resultBatches). */
    async results(scanner: ReportingScanner, runId: number, batchId: string, ports: PortLines | readonly OpenPortInput[], findings: readonly FindingInput[]): Promise<ReportOutcome> {
      return this.resultBatches(scanner, runId, [{ batchId, ports: 'parts' in ports ? ports : portLinesOf(ports), findings }]);
    },

    /**
     * Consecutive batches of results of one run, in one transaction with the check that the run is still
     * active and this scanner's (held FOR SHARE: the run cannot end under them). Each batch is applied once
     * (its id), in order, its ports as checked lines (core/events/port-lines.ts).
     */
    async resultBatches(scanner: ReportingScanner, runId: number, batches: ReadonlyArray<{ batchId: string; ports: PortLines; findings: readonly FindingInput[] }>): Promise<ReportOutcome> {
      const outcome = await db.transaction().execute(async (trx) => {
        const found = await assigned(scanner, runId, trx, true);
        if (isOutcome(found)) return found;
        let skipped = 0;
        for (const { batchId, ports, findings } of batches) {
          if (!(await claimBatch(trx, runId, batchId, ports.count))) continue;
          const written = await upsertPortLines(trx, runId, ports.parts);
          if (written.inserted !== null && written.inserted !== ports.count) await setBatchPortRows(trx, runId, batchId, written.inserted);
          if (written.replaced) await deleteFindingsOnPortLines(trx, runId, ports.parts);
          await upsertFindings(trx, runId, findings);
          skipped += ports.skipped;
        }
        return skipped;
      });
      if (isOutcome(outcome)) return outcome;
      if (outcome > 0) await appendRunLogs(db, runId, [{ at: new Date(), level: 'warning', message: `${outcome} open-port rows with an invalid address, port or protocol were not stored` }]);
      return applied;
    },

    /** The end of a run: once every shipped batch is applied (else retry later, up to `giveUpAt`). */
    async finish(scanner: ReportingScanner, runId: number, end: StreamedEnd, shipped: Array<{ token: string; count: number }>, giveUp: boolean): Promise<ReportOutcome> {
      const found = await assigned(scanner, runId);
      if (isOutcome(found)) return found;
      let missing = 0;
      for (const s of shipped) missing += Math.max(0, s.count - (await countBatches(db, runId, s.token)));
      if (missing > 0 && !giveUp) return later(`${missing} result batch(es) of run ${runId} not applied yet`);
      const warnings = missing > 0 ? [...end.warnings, `${missing} result batch(es) never arrived; the run's results may be incomplete`] : end.warnings;
      const outcome = await endStreamedRun(db, runId, { ...end, warnings }, deps.retention);
      if (outcome.ingested) await announceEnd(deps, outcome);
      return applied;
    },

    /** A job of the run failed for good on a scanner of its pool (its scanner died, no retry left). */
    async lost(scanner: ReportingScanner, runId: number, reason: string): Promise<ReportOutcome> {
      const run = await runById(db, runId);
      const scan = run ? await scanById(db, run.scan_id) : undefined;
      if (!run || !scan || scan.pool !== scanner.pool) return refused(`run ${runId} is not a run of pool ${scanner.pool}`);
      if (run.status !== 'running' && run.status !== 'planned') return refused(`run ${runId} already ended (${run.status})`);
      if (run.status === 'planned') await transitionRun(db, runId, ['planned'], 'running', { started_at: new Date(), attempt: run.attempt + 1, scanners: [...run.scanners, scanner.name] });
      await worker.failRun(runId, reason);
      return applied;
    },

    /** A scanner refused an order: a verified order that cannot run fails its run; anything else is noted. */
    async refused(scanner: ReportingScanner, runId: number | undefined, reason: string, message: string, verified: boolean): Promise<ReportOutcome> {
      if (runId === undefined) return refused(`order refused by ${scanner.name} (${reason}): ${message}`);
      const run = await runById(db, runId);
      const scan = run ? await scanById(db, run.scan_id) : undefined;
      if (!run || !scan || scan.pool !== scanner.pool) return refused(`order refused by ${scanner.name} for a run not of its pool: ${message}`);
      const active = run.status === 'planned' || (run.status === 'running' && run.scanners.includes(scanner.name));
      if (verified && active && (reason === 'expired' || reason === 'policy')) {
        // The scanner took the run and refused it: planned → running (assigned to it) → failed.
        if (run.status === 'planned') {
          await transitionRun(db, runId, ['planned'], 'running', { started_at: new Date(), attempt: run.attempt + 1, scanners: [...run.scanners, scanner.name] });
        }
        await worker.failRun(runId, `scanner ${scanner.name} refused the order: ${message}`);
        return applied;
      }
      await appendRunLogs(db, runId, [{ at: new Date(), level: 'warning', message: `scanner ${scanner.name} refused an order claiming this run (${reason}): ${message}` }]);
      return applied;
    },
  };
}

/** After a run ended with results (direct or streamed): its run.finished event, and new exposure if any. */
async function announceEnd(deps: LifecycleDeps, outcome: IngestOutcome): Promise<void> {
  const { scan, run } = outcome;
  await publishSafely(deps, await finishedEvent(deps.db, scan, run));
  if (outcome.baseRun && (outcome.newPorts.length > 0 || outcome.newFindings.length > 0)) {
    const highest = (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).find((s) => outcome.newFindings.some((f) => f.severity === s)) ?? null;
    await publishSafely(deps, {
      ...base(scan, run),
      type: 'run.new_exposure',
      ports: outcome.newPorts.slice(0, 1000).map(portView),
      findings: outcome.newFindings.slice(0, 1000).map((f) => findingView(f, 'new')),
      highest,
    });
  }
}
