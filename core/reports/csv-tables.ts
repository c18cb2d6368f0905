// Which table each report kind becomes in CSV (one flat table per file, for spreadsheets and tools):
//   executive   — one row per risk (every one, most severe first): severity, what it is, how many and
//                 which services it affects, what to do — the findings the summary speaks of;
//   technical   — one row per open port and finding (ports without findings get one row, finding blank);
//   remediation — one row per affected service, actions numbered by priority.
import { SEVERITIES } from '../../scanner/types.js';
import type { CsvValue } from './csv.js';
import type { ExecutiveView } from './executive.js';
import type { RemediationView } from './remediation.js';
import type { ScanHeader } from './scan-header.js';
import type { TechnicalView } from './technical.js';

export interface CsvTable {
  header: string[];
  rows: CsvValue[][];
}

export function executiveCsv(view: ExecutiveView, h: ScanHeader): CsvTable {
  return {
    header: ['scan_id', 'run', 'rank', 'severity', 'rule_id', 'risk', 'affected_count', 'affected', 'what_to_do'],
    rows: view.topRisks.map((r, i) => [h.scanId, h.run, i + 1, r.severity, r.ruleId, r.title, r.affected.length, r.affected.join('; '), r.action]),
  };
}

/** The severity trend per run, for whoever wants it as a table (the executive JSON carries it too). */
export function trendCsv(view: ExecutiveView, h: ScanHeader): CsvTable {
  return {
    header: ['scan_id', 'run', 'start_time', ...SEVERITIES, 'total'],
    rows: view.trend.map((p) => [h.scanId, p.run, p.startTime, ...SEVERITIES.map((s) => p.severity[s]), SEVERITIES.reduce((n, s) => n + p.severity[s], 0)]),
  };
}

export function technicalCsv(view: TechnicalView, h: ScanHeader): CsvTable {
  const rows: CsvValue[][] = [];
  for (const host of view.hosts) {
    for (const p of host.ports) {
      const base: CsvValue[] = [h.scanId, h.run, host.ip, p.port, p.protocol, p.state, p.service, p.product, p.version, p.banner];
      if (p.findings.length === 0) rows.push([...base, null, null, null, null, null, null]);
      for (const f of p.findings) rows.push([...base, f.severity, f.ruleId, f.title, f.evidence, f.remediation, f.change]);
    }
  }
  return {
    header: ['scan_id', 'run', 'ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'severity', 'rule_id', 'finding', 'evidence', 'remediation', 'change'],
    rows,
  };
}

export function remediationCsv(view: RemediationView, h: ScanHeader): CsvTable {
  return {
    header: ['scan_id', 'run', 'priority', 'action_severity', 'action', 'ip', 'port', 'protocol', 'severity', 'finding'],
    rows: view.actions.flatMap((a, i) => a.affected.map((s): CsvValue[] => [h.scanId, h.run, i + 1, a.severity, a.action, s.ip, s.port, s.protocol, s.severity, s.title])),
  };
}
