// Events that arrive over Redis are hints, never facts: anyone who can PUBLISH on the events channel could
// forge one. Before the notification router edits a message or sends an alert, the hint is checked against
// PostgreSQL and rebuilt from what is stored there (status, counts, error, log lines, new exposure); a
// hint that does not match the database is dropped.
import { sql, type Kysely } from 'kysely';
import { findingsOfRun } from '../../db/repositories/finding.repository.js';
import { runById } from '../../db/repositories/run.repository.js';
import { scanById } from '../../db/repositories/scan.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { Severity } from '../../scanner/types.js';
import { finishedEvent } from '../scans/run-worker-side.js';
import { findingOf, findingView } from '../scans/scan-views.js';
import type { NotificationEvent, RunEvent } from './run-events.js';

export type VerifyEvent = (event: NotificationEvent) => Promise<NotificationEvent | null>;

const ENDED = new Set(['completed', 'failed', 'cancelled']);

export function createRunEventVerifier(db: Kysely<Database>): VerifyEvent {
  return async (event) => {
    // report.summary and vulndb alerts carry no run: their posters re-read what they say from PostgreSQL.
    if (event.type === 'report.summary' || event.type === 'run.skipped' || event.type === 'vulndb.new_matches') return event;
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
