// What a report is built from: one scan's latest run as the scan service assembles it (summary, run history,
// findings, open ports, diff against the previous run, severity per run). Plain data, so reports are pure
// functions of it and can be tested without a database.
import type { FindingView, RunSummary, ScanDiff, ScanSummary } from '../scans/scan-model.js';
import type { OpenPort } from '../../scanner/types.js';
import type { TrendPoint } from '../charts/trend-chart.js';
import type { ReportCve } from '../vulns/report-cves.js';

export type { TrendPoint } from '../charts/trend-chart.js';

export interface ReportInput {
  scan: ScanSummary;
  /** Runs of the scan, any order. */
  history: RunSummary[];
  /** Findings of the run reported on (the latest run, `scan.run`). */
  findings: FindingView[];
  /** Open ports of that run. */
  openPorts: OpenPort[];
  /** Difference to the previous run; `null` when there is none. */
  diff: ScanDiff | null;
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
