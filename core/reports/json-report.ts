// The JSON form of every report, a stable documented shape for tools:
//
//   {
//     "schema": "portcullis.report/v1",
//     "kind": "executive" | "technical" | "remediation",
//     "scan": ScanHeader      — scanId, name, run, status, startTime, durationSeconds, targets, ports,
//                               scanner, error, generatedAt (ISO times, null when unknown)
//     "report": ExecutiveView | TechnicalView | RemediationView   — see executive.ts, technical.ts,
//                               remediation.ts; arrays are sorted (severity, then address), so the same
//                               input gives byte-identical output
//   }
//
// Fields are only ever added within v1; a rename or removal bumps the schema. Scan-derived text is stripped
// of control characters and evidence is capped at 500 characters, as in the other formats.
import type { ExecutiveView } from './executive.js';
import type { RemediationView } from './remediation.js';
import type { ReportKind } from './report-input.js';
import type { ScanHeader } from './scan-header.js';
import type { TechnicalView } from './technical.js';

export const REPORT_JSON_SCHEMA = 'portcullis.report/v1';

export type JsonReport =
  | { schema: typeof REPORT_JSON_SCHEMA; kind: 'executive'; scan: ScanHeader; report: ExecutiveView }
  | { schema: typeof REPORT_JSON_SCHEMA; kind: 'technical'; scan: ScanHeader; report: TechnicalView }
  | { schema: typeof REPORT_JSON_SCHEMA; kind: 'remediation'; scan: ScanHeader; report: RemediationView };

export function jsonReport<K extends ReportKind>(kind: K, scan: ScanHeader, report: Extract<JsonReport, { kind: K }>['report']): string {
  return `${JSON.stringify({ schema: REPORT_JSON_SCHEMA, kind, scan, report }, null, 2)}\n`;
}
