// Events about runs, published by the worker (Redis pub/sub) and turned into chat messages by the
// notification router on the bot side. Plain JSON so they cross processes.
import type { LogLevel, Severity } from '../../scanner/types.js';
import type { ReportDigest } from '../reports/report-digest.js';
import type { FindingView, PortView, RunStatus, SeverityCounts } from '../scans/scan-model.js';

interface RunEventBase {
  scanId: string;
  scanName: string;
  runId: number;
  run: number;
  at: string;
}

export type RunEvent =
  | (RunEventBase & { type: 'run.started'; workerId: string })
  | (RunEventBase & { type: 'run.progress'; percent: number; phase: string })
  | (RunEventBase & { type: 'run.log'; level: LogLevel; message: string })
  | (RunEventBase & {
      type: 'run.finished';
      status: Extract<RunStatus, 'completed' | 'failed' | 'cancelled'>;
      error: string | null;
      openPorts: number;
      findings: number;
      severity: SeverityCounts;
      durationSeconds: number;
      /** For failed runs: the last error log lines. */
      lastErrors: string[];
    })
  | (RunEventBase & { type: 'run.new_exposure'; ports: PortView[]; findings: FindingView[]; highest: Severity | null })
  | (RunEventBase & { type: 'run.submit_error'; error: string })
  | (RunEventBase & { type: 'run.skipped'; reason: string });

export type RunEventType = RunEvent['type'];

/** The periodic executive summary for `/scan notify reports` channels (REPORT_SCHEDULE), built by a worker. */
export interface ReportSummaryEvent {
  type: 'report.summary';
  at: string;
  digest: ReportDigest;
}

/**
 * A vulnerability data refresh (import or sync) matched CVEs to ports already seen, or listed a matched
 * CVE as known exploited. Ids only: the router reads the hosts and CVE details from PostgreSQL.
 */
export interface VulnerabilityAlertEvent {
  type: 'vulndb.new_matches';
  at: string;
  cveIds: string[];
}

/** Everything published on a database's events channel. */
export type NotificationEvent = RunEvent | ReportSummaryEvent | VulnerabilityAlertEvent;

export const RUN_EVENTS_CHANNEL = 'portcullis:run-events';

/**
 * The events channel of one database. Run ids are database ids, so events are scoped by the database they
 * come from: a bot only hears the workers of its own database, even when several share one Redis.
 */
export function runEventsChannel(databaseUrl: string): string {
  let name = '';
  try {
    name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  } catch {
    // not a URL: config validation refuses it long before this
  }
  return `${RUN_EVENTS_CHANNEL}:${name || 'postgres'}`;
}
