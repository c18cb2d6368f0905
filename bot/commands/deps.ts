// What the command layer needs from the rest of the app, injected by the composition root (cli/). Reports
// and charts are optional: without them `report` says so and `show` has no chart.
import type { Logger } from '../../core/logger.js';
import type { Platform, ScannerView, SeverityCounts } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ReplyFile } from './reply.js';
import type { VulnerabilityPort } from '../../core/vulns/vulnerability-views.js';

export type { AffectedPortView, CveSummary, VulndbStatusView, VulnerabilityPort } from '../../core/vulns/vulnerability-views.js';

export type ReportKind = 'executive' | 'technical' | 'remediation';
export type ReportFormat = 'pdf' | 'md' | 'csv' | 'json';

/** Builds a report file for a scan (wired to core/reports buildReport by the composition root). */
export interface ReportsPort {
  build(scanId: string, kind: ReportKind, format: ReportFormat): Promise<ReplyFile>;
}

/** Renders chart PNGs (core/charts). */
export interface ChartsPort {
  /** `options.title` names the scan, run and date on the image (a PNG shared alone must say what it shows). */
  renderSeverityChart(counts: SeverityCounts, options?: { title?: string }): Promise<Buffer> | Buffer;
}

/** Scanner credentials (control/scanner-admin.ts, wired by the composition root). */
export interface ScannersPort {
  /** Creates a scanner; `redisUrl` holds its password: show it once, to the admin alone. */
  add(input: { name: string; pool?: string; createdBy: string }): Promise<{ name: string; pool: string; redisUrl: string }>;
  revoke(name: string): Promise<{ name: string; runs: number }>;
  /** The scanners with their recent failed authentications (Redis ACL LOG). */
  list(): Promise<Array<ScannerView & { failedAuthentications: number }>>;
}

export interface CommandDeps {
  service: ScanService;
  /** Without it `/scan scanners` lists what the database knows and add/revoke say where to run them. */
  scanners?: ScannersPort;
  reports?: ReportsPort;
  charts?: ChartsPort;
  vulnerabilities?: VulnerabilityPort;
  logger: Logger;
  /** First admins from configuration (ADMINS). Console users are always admins. */
  admins?: ReadonlyArray<{ platform: Platform; id: string }>;
}
