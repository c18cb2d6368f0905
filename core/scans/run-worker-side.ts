// What the worker calls while it executes a run: fetch the job's configuration, mark it running, report
// progress and logs, and end it (with results, through run-ingest.ts, or without).
import type { Kysely } from 'kysely';
import { appendRunLogs, logsOfRun } from '../../db/repositories/run-log.repository.js';
import { runById, transitionRun } from '../../db/repositories/run.repository.js';
import { scanById } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { LogLevel, ScanResult, Severity } from '../../scanner/types.js';
import type { RunEvent } from '../events/run-events.js';
import { UserError } from '../errors.js';
import { ingestRunResult } from './run-ingest.js';
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

async function finishedEvent(db: Kysely<Database>, scan: ScanRow, run: RunRow): Promise<RunEvent> {
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
      const { scan, run } = outcome;
      await publishSafely(deps, await finishedEvent(db, scan, run));
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
      return runSummary(run);
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
