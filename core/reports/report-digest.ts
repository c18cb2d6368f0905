// The scheduled executive summary across scans (DESIGN §1 manager, §6): posture in a few lines, severity
// counts now and at the start of the period, the top risks over all scans. A pure function of the
// scans' ReportInputs, so the worker builds it and the bot only renders it. Plain JSON (it crosses Redis).
// Each scan speaks for its latest completed run and says so when a newer run is active, failed or cancelled.
import { SEVERITIES, type Severity } from '../../scanner/types.js';
import type { RunStatus, SeverityCounts } from '../scans/scan-model.js';
import { buildExecutiveView } from './executive.js';
import type { ReportInput } from './report-input.js';
import { describeStanding } from './report-standing.js';
import { oneLine } from './safe-text.js';
import { compareText, severityRank, worstSeverity } from './severity-order.js';

/** Scans carried in one digest at most (a chat message shows fewer); the rest are counted. */
export const DIGEST_MAX_SCANS = 50;
export const DIGEST_TOP_RISKS = 5;

export interface DigestScan {
  scanId: string;
  name: string;
  run: number | null;
  status: RunStatus | null;
  riskLevel: Severity | null;
  /** The risk statement of the run reported on, followed by what happened since when a newer run exists. */
  headline: string;
  /** Which completed run the counts are from and what happened since (report-standing.ts). */
  standing: string;
  severity: SeverityCounts;
  openPorts: number;
  /** The last completed run before the period, to compare with; `null` when the scan had none. */
  previous: { run: number; severity: SeverityCounts } | null;
  runsInPeriod: number;
}

export interface DigestRisk {
  scanId: string;
  severity: Severity;
  title: string;
  affected: number;
  action: string;
}

export interface ReportDigest {
  periodStart: string;
  periodEnd: string;
  /** Worst first. */
  scans: DigestScan[];
  scansTotal: number;
  severity: SeverityCounts;
  /** Totals at the start of the period (scans without a run back then count zero). */
  previousSeverity: SeverityCounts;
  riskLevel: Severity | null;
  topRisks: DigestRisk[];
}

export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

function add(into: SeverityCounts, counts: SeverityCounts): void {
  for (const s of SEVERITIES) into[s] += counts[s];
}

function digestScan(input: ReportInput, periodStart: Date, view: ReturnType<typeof buildExecutiveView>): DigestScan {
  const started = (iso: string | null) => (iso ? new Date(iso).getTime() : Number.NaN);
  const standing = describeStanding(input);
  const before = input.trend.filter((p) => started(p.startTime) < periodStart.getTime()).sort((a, b) => a.run - b.run).at(-1);
  return {
    scanId: oneLine(input.scan.id, 64),
    name: oneLine(input.scan.name, 100),
    run: input.scan.run,
    status: input.scan.status,
    riskLevel: view.riskLevel,
    headline: oneLine(standing.complete && standing.newer ? `${view.headline} ${standing.statement}` : view.headline, 400),
    standing: oneLine(standing.statement, 300),
    severity: view.severity,
    openPorts: view.totals.openPorts,
    previous: before ? { run: before.run, severity: { ...before.severity } } : null,
    runsInPeriod: input.history.filter((r) => started(r.startTime) >= periodStart.getTime()).length,
  };
}

const rank = (level: Severity | null) => (level === null ? SEVERITIES.length : severityRank(level));

export function buildReportDigest(inputs: readonly ReportInput[], periodStart: Date, periodEnd: Date): ReportDigest {
  const severity = zeroCounts();
  const previousSeverity = zeroCounts();
  const risks: DigestRisk[] = [];
  const scans = inputs.map((input) => {
    const view = buildExecutiveView(input);
    const scan = digestScan(input, periodStart, view);
    add(severity, scan.severity);
    if (scan.previous) add(previousSeverity, scan.previous.severity);
    for (const r of view.topRisks) risks.push({ scanId: scan.scanId, severity: r.severity, title: r.title, affected: r.affected.length, action: r.action });
    return scan;
  });
  scans.sort((a, b) => rank(a.riskLevel) - rank(b.riskLevel) || b.severity[a.riskLevel ?? 'info'] - a.severity[a.riskLevel ?? 'info'] || compareText(a.scanId, b.scanId));
  risks.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.affected - a.affected || compareText(a.title, b.title));
  return {
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
    scans: scans.slice(0, DIGEST_MAX_SCANS),
    scansTotal: scans.length,
    severity,
    previousSeverity,
    riskLevel: worstSeverity(scans.map((s) => s.riskLevel).filter((l): l is Severity => l !== null)),
    topRisks: risks.slice(0, DIGEST_TOP_RISKS),
  };
}
