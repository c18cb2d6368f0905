// The technical report's content: every host, every open port with service/product/version/banner, and
// every finding with its evidence, hosts and ports in address order. Findings on a port the run did not list
// as open (should not happen, but data is data) still appear, under that port.
import type { OpenPort, Protocol, Severity } from '../../scanner/types.js';
import type { ChangeMark, SeverityCounts } from '../scans/scan-model.js';
import type { ReportInput } from './report-input.js';
import { cleanText, EVIDENCE_LIMIT, oneLine } from './safe-text.js';
import { compareIp, compareText, countSeverities, severityRank } from './severity-order.js';

export interface TechnicalFinding {
  severity: Severity;
  ruleId: string;
  title: string;
  evidence: string;
  remediation: string;
  change: ChangeMark;
}

export interface TechnicalPort {
  port: number;
  protocol: Protocol;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  banner: string | null;
  findings: TechnicalFinding[];
}

export interface TechnicalHost {
  ip: string;
  ports: TechnicalPort[];
}

export interface TechnicalView {
  severity: SeverityCounts;
  totals: { hosts: number; openPorts: number; findings: number };
  hosts: TechnicalHost[];
}

function portKey(ip: string, port: number, protocol: string): string {
  return `${ip}\u0000${port}\u0000${protocol}`;
}

function fromOpenPort(p: OpenPort): TechnicalPort {
  const text = (v: string | undefined, limit: number) => (v === undefined || v === '' ? null : oneLine(v, limit));
  return {
    port: p.port,
    protocol: p.protocol,
    state: oneLine(p.state, 30) || 'open',
    service: text(p.service, 60),
    product: text(p.product, 120),
    version: text(p.version, 80),
    banner: p.banner ? cleanText(p.banner, EVIDENCE_LIMIT) : null,
    findings: [],
  };
}

export function buildTechnicalView(input: ReportInput): TechnicalView {
  const ports = new Map<string, { ip: string; port: TechnicalPort }>();
  for (const p of input.openPorts) {
    const key = portKey(p.ip, p.port, p.protocol);
    if (!ports.has(key)) ports.set(key, { ip: oneLine(p.ip, 64), port: fromOpenPort(p) });
  }
  for (const f of input.findings) {
    const key = portKey(f.ip, f.port, f.protocol);
    let entry = ports.get(key);
    if (!entry) {
      entry = { ip: oneLine(f.ip, 64), port: { port: f.port, protocol: f.protocol, state: 'unknown', service: null, product: null, version: null, banner: null, findings: [] } };
      ports.set(key, entry);
    }
    entry.port.findings.push({
      severity: f.severity,
      ruleId: oneLine(f.ruleId, 100),
      title: oneLine(f.title, 200),
      evidence: cleanText(f.evidence, EVIDENCE_LIMIT),
      remediation: oneLine(f.remediation, 600),
      change: f.change,
    });
  }
  const byHost = new Map<string, TechnicalPort[]>();
  for (const { ip, port } of ports.values()) byHost.set(ip, [...(byHost.get(ip) ?? []), port]);
  const hosts = [...byHost.entries()]
    .sort(([a], [b]) => compareIp(a, b))
    .map(([ip, list]) => ({
      ip,
      ports: list
        .sort((a, b) => a.port - b.port || compareText(a.protocol, b.protocol))
        .map((p) => ({ ...p, findings: p.findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.title, b.title)) })),
    }));
  return {
    severity: countSeverities(input.findings),
    totals: { hosts: hosts.length, openPorts: input.openPorts.length, findings: input.findings.length },
    hosts,
  };
}
