// Which table each report kind becomes in CSV (one flat table per file, for spreadsheets and tools):
//   executive   — one row per run: severity counts over time (the trend), current run included;
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
  const trend = view.trend.some((p) => p.run === h.run) || h.run === 0 ? view.trend : [...view.trend, { run: h.run, startTime: h.startTime, severity: view.severity }];
  return {
    header: ['scan_id', 'run', 'start_time', ...SEVERITIES, 'total'],
    rows: trend.map((p) => [h.scanId, p.run, p.startTime, ...SEVERITIES.map((s) => p.severity[s]), SEVERITIES.reduce((n, s) => n + p.severity[s], 0)]),
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
