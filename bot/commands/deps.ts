// What the command layer needs from the rest of the app, injected by the composition root (cli/). Reports
// and charts are optional: without them `report` says so and `show` has no chart.
import type { Logger } from '../../core/logger.js';
import type { Platform, SeverityCounts } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ReplyFile } from './reply.js';

export type ReportKind = 'executive' | 'technical' | 'remediation';
export type ReportFormat = 'pdf' | 'md' | 'csv' | 'json';

/** Builds a report file for a scan (wired to core/reports buildReport by the composition root). */
export interface ReportsPort {
  build(scanId: string, kind: ReportKind, format: ReportFormat): Promise<ReplyFile>;
}

/** Renders chart PNGs (core/charts). */
export interface ChartsPort {
  renderSeverityChart(counts: SeverityCounts): Promise<Buffer> | Buffer;
}

/** One port running a version affected by a CVE, in the latest run of its scan. */
export interface AffectedPortView {
  scanId: string;
  scanName: string;
  run: number;
  ip: string;
  port: number;
  protocol: string;
  product: string | null;
  version: string | null;
  cveId: string;
  kev: boolean;
  confidence: string;
}

export interface CveSummary {
  id: string;
  cvss: number | null;
  kev: boolean;
  fixedIn: string | null;
}

export interface VulndbStatusView {
  nvdRecords: number;
  kevEntries: number;
  sources: Array<{ source: string; version: string | null; records: number; refreshedAt: string; lastModified: string | null }>;
}

/** The vulnerability store (core/vulns): `/scan vulns` CVEs, `/scan cve`, `/scan vulndb`, refresh alerts. */
export interface VulnerabilityPort {
  status(): Promise<VulndbStatusView>;
  /** Across all scans (the latest run with results of each). */
  affectedBy(cveIds: readonly string[]): Promise<AffectedPortView[]>;
  /** The CVEs of each finding of a run (default: the latest with results), keyed `ip port protocol`. */
  cvesOfScan(scanId: string, run?: number): Promise<Map<string, CveSummary[]>>;
  describe(cveIds: readonly string[]): Promise<Array<{ id: string; cvss: number | null; kev: boolean; description: string }>>;
}

export interface CommandDeps {
  service: ScanService;
  reports?: ReportsPort;
  charts?: ChartsPort;
  vulnerabilities?: VulnerabilityPort;
  logger: Logger;
  /** First admins from configuration (ADMINS). Console users are always admins. */
  admins?: ReadonlyArray<{ platform: Platform; id: string }>;
}
