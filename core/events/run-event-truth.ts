// Events that arrive over Redis are hints, never facts: anyone who can PUBLISH on the events channel could
// forge one. Before the notification router edits a message or sends an alert, the hint is checked against
// PostgreSQL and rebuilt from what is stored there (status, counts, error, log lines, new exposure, the
// report summary's digest); a hint that does not match the database is dropped.
import { sql, type Kysely } from 'kysely';
import { findingsOfRun } from '../../db/repositories/finding.repository.js';
import { runById } from '../../db/repositories/run.repository.js';
import { scanById } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { Severity } from '../../scanner/types.js';
import { finishedEvent } from '../scans/run-worker-side.js';
import { findingOf, findingView } from '../scans/scan-views.js';
import { storedReportDigest, type DigestSource } from '../reports/stored-digest.js';
import type { NotificationEvent, ReportSummaryEvent, RunEvent } from './run-events.js';

export type VerifyEvent = (event: NotificationEvent) => Promise<NotificationEvent | null>;

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/** The longest period a report summary covers (REPORT_SCHEDULE is at most monthly), and the clock skew allowed. */
const MAX_REPORT_PERIOD_MS = 366 * 24 * 3600_000;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * `digests`: where a `report.summary` hint is rebuilt from (the scans in PostgreSQL); without it such a
 * hint is dropped. Only the hint's period is taken from it, and only a plausible one.
 */
export function createRunEventVerifier(db: Kysely<Database>, digests?: DigestSource): VerifyEvent {
  return async (event) => {
    if (event.type === 'report.summary') return digests ? storedSummary(event, digests) : null;
    // Skipped firings and vulndb alerts carry no run: their posters re-read what they say from PostgreSQL.
    if (event.type === 'run.skipped' || event.type === 'vulndb.new_matches') return event;
    const run = await runById(db, event.runId);
    const scan = run ? await scanById(db, run.scan_id) : undefined;
    if (!run || !scan || scan.public_id !== event.scanId || run.number !== event.run) return null;
    const base = { scanId: scan.public_id, scanName: scan.name, runId: run.id, run: run.number, at: event.at };
    switch (event.type) {
      case 'run.started':
        return run.status === 'running' ? { ...base, type: 'run.started', workerId: run.scanners.at(-1) ?? run.worker_id ?? 'unknown' } : null;
      case 'run.progress':
        return run.status === 'running' ? { ...base, type: 'run.progress', percent: run.progress, phase: run.phase ?? event.phase } : null;
      case 'run.log': {
        const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM run_logs WHERE run_id = ${run.id} AND level = ${event.level} AND message = ${event.message} LIMIT 1`.execute(db);
        return rows.length > 0 ? event : null;
      }
      case 'run.finished':
        return ENDED.has(run.status) ? finishedEvent(db, scan, run) : null;
      case 'run.submit_error':
        return run.status === 'submit_error' ? { ...base, type: 'run.submit_error', error: run.error_message ?? event.error } : null;
      case 'run.new_exposure':
        return newExposure(db, event, base, run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled');
    }
  };
}

/** The digest of the hint's period as the scans in PostgreSQL give it; null for an implausible period. */
async function storedSummary(event: ReportSummaryEvent, digests: DigestSource): Promise<ReportSummaryEvent | null> {
  const start = Date.parse(event.digest?.periodStart ?? '');
  const end = Date.parse(event.digest?.periodEnd ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end || end > Date.now() + CLOCK_SKEW_MS || end - start > MAX_REPORT_PERIOD_MS) return null;
  const { digest } = await storedReportDigest(digests, new Date(start), new Date(end));
  return { type: 'report.summary', at: event.at, digest };
}

type Exposure = Extract<RunEvent, { type: 'run.new_exposure' }>;

/** The hint's ports that are stored for the run, and the run's stored new findings. */
async function newExposure(db: Kysely<Database>, event: Exposure, base: Omit<Exposure, 'type' | 'ports' | 'findings' | 'highest'>, ended: boolean): Promise<Exposure | null> {
  if (!ended) return null;
  const claimed = event.ports.slice(0, 1000);
  const stored = claimed.length === 0 ? [] : (await sql<{ ip: string; port: number; protocol: string; service: string | null }>`
    SELECT host(ip) AS ip, port, protocol, service FROM open_ports WHERE run_id = ${base.runId}
      AND (host(ip), port, protocol) IN (SELECT * FROM unnest(${claimed.map((p) => p.ip)}::text[], ${claimed.map((p) => p.port)}::int[], ${claimed.map((p) => p.protocol)}::text[]))`.execute(db)).rows;
  const findings = (await findingsOfRun(db, base.runId)).filter((f) => f.change === 'new').slice(0, 1000).map((f) => findingView(findingOf(f), 'new'));
  if (stored.length === 0 && findings.length === 0) return null;
  const highest = (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).find((s) => findings.some((f) => f.severity === s)) ?? null;
  return { ...base, type: 'run.new_exposure', ports: stored.map((p) => ({ ip: p.ip, port: p.port, protocol: p.protocol as 'tcp' | 'udp', service: p.service })), findings, highest };
}
