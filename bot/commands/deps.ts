// What the command layer needs from the rest of the app, injected by the composition root (cli/). Reports
// and charts are optional: without them `report` says so and `show` has no chart.
import type { Logger } from '../../core/logger.js';
import type { Platform, SeverityCounts } from '../../core/scans/scan-model.js';
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
  renderSeverityChart(counts: SeverityCounts): Promise<Buffer> | Buffer;
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
