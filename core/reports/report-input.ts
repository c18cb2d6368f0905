// What a report is built from: one scan's latest run as the scan service assembles it (summary, run history,
// findings, open ports, diff against the previous run, severity per run). Plain data, so reports are pure
// functions of it and can be tested without a database.
import type { FindingView, RunStatus, RunSummary, ScanDiff, ScanSummary } from '../scans/scan-model.js';
import type { OpenPort } from '../../scanner/types.js';
import type { TrendPoint } from '../charts/trend-chart.js';
import type { ReportCve } from '../vulns/report-cves.js';

export type { TrendPoint } from '../charts/trend-chart.js';

/**
 * Which run a report speaks for and what happened since. A report shows one run's results: the latest
 * completed run unless a run was asked for; a newer run still active, failed or cancelled is stated.
 */
export interface ReportStanding {
  /** The run whose results the report holds; null when no run has completed yet (the report is empty). */
  results: { run: number; status: RunStatus; endedAt: string | null; progress: number | null; error: string | null } | null;
  /** The scan's latest run, when newer than the results run (or when no run completed): what happened since. */
  latest: { run: number; status: RunStatus; progress: number | null; error: string | null } | null;
}

export interface ReportInput {
  /** The summary as of the run reported on (`scan.run`); a newer run is in `standing.latest`. */
  scan: ScanSummary;
  /** Absent in hand-built inputs: then the report speaks for `scan.run` with `scan.status`. */
  standing?: ReportStanding;
  /** Runs of the scan, any order. */
  history: RunSummary[];
  /** Current findings of the run reported on (`scan.run`): no row marked gone or not_scanned. */
  findings: FindingView[];
  /** Open ports of that run. */
  openPorts: OpenPort[];
  /** Difference to the previous completed run; `null` when there is none. */
  diff: ScanDiff | null;
  /**
   * Findings of the previous completed run on ports the reported run did not scan (marked not_scanned):
   * not fixed, just not re-checked, so a report must not count them as closed.
   */
  notRechecked?: FindingView[];
  generatedAt: Date;
  /** Severity counts per run, for the findings-over-runs chart. */
  trend: TrendPoint[];
  /** Known CVEs matched to the run's ports (core/vulns), for each kind's CVE section. */
  cves?: ReportCve[];
}

export type ReportKind = 'executive' | 'technical' | 'remediation';
export type ReportFormat = 'pdf' | 'md' | 'csv' | 'json';

export const REPORT_KINDS: readonly ReportKind[] = ['executive', 'technical', 'remediation'];
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'md', 'csv', 'json'];

/** A finished report, ready to upload or write to disk. */
export interface ReportFile {
  /** e.g. `SCAN-1001-run-3-executive.pdf` */
  name: string;
  mime: string;
  data: Buffer;
}

export const REPORT_MIME: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};
