// Turns database rows into the records of scan-model.ts that replies and `--json` show.
import type { ScanOverviewRow } from '../../db/repositories/scan.repository.js';
import type { FindingRow, OpenPortRow } from '../../db/schema/result.table.js';
import type { RunRow } from '../../db/schema/run.table.js';
import type { ScanRow } from '../../db/schema/scan.table.js';
import type { Finding, OpenPort, Protocol, ProtocolChoice, ScannerKind, Severity } from '../../scanner/types.js';
import type { ChangeMark, FindingView, PortView, RunRef, RunStatus, RunSummary, RunTrigger, ScanConfig, ScanSummary, SeverityCounts } from './scan-model.js';

export function configOf(row: ScanRow): ScanConfig {
  return {
    name: row.name,
    targets: row.targets,
    ports: row.ports,
    scanner: row.scanner as ScannerKind,
    rate: row.rate,
    timeoutSeconds: row.timeout_seconds,
    portTimeoutMs: row.port_timeout_ms,
    protocol: row.protocol as ProtocolChoice,
    schedule: row.schedule,
    timezone: row.timezone,
    pool: row.pool,
  };
}

export function runRef(scanId: string, run: RunRow): RunRef {
  return { scanId, runId: run.id, run: run.number, status: run.status as RunStatus };
}

function seconds(from: Date | null, to: Date | null, now: Date): number | null {
  if (!from) return null;
  return Math.max(0, Math.round(((to ?? now).getTime() - from.getTime()) / 1000));
}

export function severityCounts(row: { critical_count: number | null; high_count: number | null; medium_count: number | null; low_count: number | null; info_count: number | null }): SeverityCounts {
  return { critical: row.critical_count ?? 0, high: row.high_count ?? 0, medium: row.medium_count ?? 0, low: row.low_count ?? 0, info: row.info_count ?? 0 };
}

export function scanSummary(row: ScanOverviewRow, now = new Date()): ScanSummary {
  const status = row.run_status as RunStatus | null;
  const active = status === 'planned' || status === 'running';
  return {
    id: row.public_id,
    name: row.name,
    status,
    findings: row.finding_count ?? 0,
    severity: severityCounts(row),
    startTime: row.run_started_at?.toISOString() ?? null,
    durationSeconds: seconds(row.run_started_at, row.run_ended_at, now),
    ageSeconds: Math.max(0, Math.round((now.getTime() - row.created_at.getTime()) / 1000)),
    progress: active ? Math.round(row.run_progress ?? 0) : null,
    phase: active ? row.run_phase : null,
    run: row.run_number,
    resultsRun: row.results_run,
    resultsEndedAt: row.results_ended_at?.toISOString() ?? null,
    openPorts: row.open_port_count ?? 0,
    error: row.run_error,
    config: configOf(row),
    createdBy: `${row.created_by_platform}:${row.created_by}`,
    createdAt: row.created_at.toISOString(),
  };
}

export function runSummary(run: RunRow, now = new Date()): RunSummary {
  return {
    run: run.number,
    status: run.status as RunStatus,
    trigger: run.trigger as RunTrigger,
    startTime: run.started_at?.toISOString() ?? null,
    durationSeconds: seconds(run.started_at, run.ended_at, now),
    openPorts: run.open_port_count,
    error: run.error_message,
  };
}

export function openPortOf(row: OpenPortRow): OpenPort {
  return {
    ip: row.ip,
    port: row.port,
    protocol: row.protocol as Protocol,
    state: row.state,
    ...(row.service !== null ? { service: row.service } : {}),
    ...(row.product !== null ? { product: row.product } : {}),
    ...(row.version !== null ? { version: row.version } : {}),
  };
}

export function portView(port: OpenPort): PortView {
  return { ip: port.ip, port: port.port, protocol: port.protocol, service: port.service ?? null };
}

export function findingOf(row: FindingRow): Finding {
  return {
    ruleId: row.rule_id,
    severity: row.severity as Severity,
    title: row.title,
    ip: row.ip,
    port: row.port,
    protocol: row.protocol as Protocol,
    evidence: row.evidence,
    remediation: row.remediation,
  };
}

export function findingView(finding: Finding, change: ChangeMark): FindingView {
  return { ...finding, change };
}

/**
 * Whether a stored finding row is one of its run's current findings. Rows marked `gone` or `not_scanned`
 * record what the previous run had (closed since, or not looked at): every view — vulns, show, list,
 * reports, charts — counts only current findings, like the counters on the run row.
 */
export function isCurrentFinding(row: { change: string }): boolean {
  return row.change !== 'gone' && row.change !== 'not_scanned';
}

/** A run's current findings as views, in the order given. */
export function currentFindingViews(rows: readonly FindingRow[]): FindingView[] {
  return rows.filter(isCurrentFinding).map((row) => findingView(findingOf(row), row.change as ChangeMark));
}
