// Lays out the technical report: per host, a table of its ports (service, product/version, banner) and a
// table of its findings with evidence, then what to do about them. Columns appear only when some row holds data, so a
// masscan scan (no service detection) gets one compact table of ports instead of pages of dashes. Long
// scans are cut in the human formats with a pointer to CSV/JSON.
import { SEVERITIES } from '../../scanner/types.js';
import { SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { ReportBlock, ReportColumn, ReportDocument } from './report-document.js';
import { documentFooter, documentSubtitle, headerFacts, standingBlock, type ScanHeader } from './scan-header.js';
import type { TechnicalHost, TechnicalPort, TechnicalView } from './technical.js';
import { NO_REMEDIATION } from './remediation.js';
import { severityRank } from './severity-order.js';
import { pluralize } from '../format/pluralize.js';

/** Hosts shown in PDF/Markdown; the CSV and JSON always hold everything. */
export const TECHNICAL_HOST_LIMIT = 300;

interface Column<T> {
  column: ReportColumn;
  cell: (row: T) => string;
}

/** A table of the columns that hold data in at least one row (`always` columns are kept regardless). */
function tableOf<T>(rows: T[], columns: Array<Column<T> & { always?: boolean }>): ReportBlock {
  const kept = columns.filter((c) => c.always || rows.some((r) => c.cell(r) !== ''));
  return { type: 'table', columns: kept.map((c) => c.column), rows: rows.map((r) => kept.map((c) => c.cell(r))) };
}

type PortRow = { ip: string; p: TechnicalPort };
type FindingRow = { ip: string; p: TechnicalPort; f: TechnicalPort['findings'][number] };

const portLabel = (p: TechnicalPort) => `${p.port}/${p.protocol}`;

/** Stable: within a severity the rows keep their address and port order. */
function mostSevereFirst(rows: FindingRow[]): FindingRow[] {
  return rows.map((r, i) => ({ r, i })).sort((a, b) => severityRank(a.r.f.severity) - severityRank(b.r.f.severity) || a.i - b.i).map(({ r }) => r);
}

function portColumns(withHost: boolean): Array<Column<PortRow> & { always?: boolean }> {
  return [
    ...(withHost ? [{ column: { title: 'Host', weight: 1.2 }, cell: (r: PortRow) => r.ip, always: true }] : []),
    { column: { title: 'Port', weight: 0.8 }, cell: (r) => portLabel(r.p), always: true },
    { column: { title: 'Service', weight: 0.9 }, cell: (r) => r.p.service ?? '' },
    { column: { title: 'Product / version', weight: 1.6 }, cell: (r) => [r.p.product, r.p.version].filter(Boolean).join(' ') },
    { column: { title: 'Banner', weight: 2.2, code: true }, cell: (r) => r.p.banner ?? '' },
  ];
}

function findingColumns(withHost: boolean): Array<Column<FindingRow> & { always?: boolean }> {
  return [
    { column: { title: 'Severity', weight: 0.8, severity: true }, cell: (r) => r.f.severity, always: true },
    ...(withHost ? [{ column: { title: 'Host', weight: 1.1 }, cell: (r: FindingRow) => r.ip, always: true }] : []),
    { column: { title: 'Port', weight: 0.7 }, cell: (r) => portLabel(r.p), always: true },
    { column: { title: 'Finding', weight: 1.5 }, cell: (r) => r.f.title, always: true },
    { column: { title: 'Evidence', weight: 2.4, code: true }, cell: (r) => r.f.evidence },
    { column: { title: 'Change', weight: 0.7 }, cell: (r) => (r.f.change === 'unchanged' ? '' : r.f.change) },
  ];
}

/** What to do about the findings of a table, once per distinct remediation, most severe first. */
function remediationList(findings: FindingRow[], withHost: boolean): ReportBlock[] {
  const byAction = new Map<string, FindingRow[]>();
  for (const r of findings) {
    const action = r.f.remediation || NO_REMEDIATION;
    byAction.set(action, [...(byAction.get(action) ?? []), r]);
  }
  const items = [...byAction.entries()].map(([action, rows]) => {
    const where = [...new Set(rows.map((r) => (withHost ? `${r.ip}:${portLabel(r.p)}` : portLabel(r.p))))];
    const shown = where.slice(0, 4).join(', ') + (where.length > 4 ? ` and ${where.length - 4} more` : '');
    return { severity: rows[0]!.f.severity, lead: `${rows[0]!.f.title} (${shown})`, text: action };
  });
  return [{ type: 'paragraph', text: 'What to do:' }, { type: 'list', items }];
}

function hostBlocks(host: TechnicalHost): ReportBlock[] {
  const findings = mostSevereFirst(host.ports.flatMap((p) => p.findings.map((f) => ({ ip: host.ip, p, f }))));
  const blocks: ReportBlock[] = [
    { type: 'heading', level: 2, text: `${host.ip} — ${pluralize(host.ports.length, 'open port')}, ${pluralize(findings.length, 'finding')}` },
    tableOf(host.ports.map((p) => ({ ip: host.ip, p })), portColumns(false)),
  ];
  if (findings.length > 0) blocks.push(tableOf(findings, findingColumns(false)), ...remediationList(findings, false));
  return blocks;
}

/** Without service details (masscan) a table per host is mostly empty: one row per host with its ports instead. */
function compactBlocks(hosts: TechnicalHost[]): ReportBlock[] {
  const count = hosts.reduce((n, h) => n + h.ports.length, 0);
  const findings = mostSevereFirst(hosts.flatMap((h) => h.ports.flatMap((p) => p.findings.map((f) => ({ ip: h.ip, p, f })))));
  return [
    { type: 'heading', level: 2, text: `Open ports — ${pluralize(count, 'port')} on ${pluralize(hosts.length, 'host')} (no service details: the scanner did not detect services)` },
    { type: 'table', columns: [{ title: 'Host', weight: 1 }, { title: 'Open ports', weight: 4 }], rows: hosts.map((h) => [h.ip, h.ports.map(portLabel).join(', ')]) },
    ...(findings.length > 0 ? [{ type: 'heading', level: 2, text: `Findings — ${findings.length}` } as ReportBlock, tableOf(findings, findingColumns(true)), ...remediationList(findings, true)] : []),
  ];
}

function emptyText(header: ScanHeader): string {
  if (header.noResults) return 'No results: no run of this scan has completed yet.';
  if (!header.complete) return 'No open ports were recorded before the run ended; this is not an all-clear.';
  return 'No open ports found: no host on the scanned targets answered on the scanned ports.';
}

export function technicalDocument(view: TechnicalView, header: ScanHeader): ReportDocument {
  const blocks: ReportBlock[] = [
    ...(header.complete && !header.newer ? [] : [standingBlock(header)]),
    {
      type: 'facts',
      items: [
        ...headerFacts(header),
        ['Exposure', `${pluralize(view.totals.openPorts, 'open port')} on ${pluralize(view.totals.hosts, 'host')} · ${pluralize(view.totals.findings, 'finding')}`],
        ['Severity', SEVERITIES.map((s) => `${SEVERITY_LABELS[s]} ${view.severity[s]}`).join(' · ')],
      ],
    },
  ];
  if (header.error) blocks.push({ type: 'paragraph', tone: 'muted', text: `Run error: ${header.error}` });
  if (view.hosts.length === 0) blocks.push({ type: 'paragraph', text: emptyText(header) });
  const shown = view.hosts.slice(0, TECHNICAL_HOST_LIMIT);
  const detailed = shown.some((h) => h.ports.some((p) => p.service || p.product || p.version || p.banner));
  // One block per port of every host: scan-sized, so appended one by one (never spread into push).
  if (shown.length > 0) for (const block of detailed ? shown.flatMap(hostBlocks) : compactBlocks(shown)) blocks.push(block);
  if (view.hosts.length > TECHNICAL_HOST_LIMIT) {
    blocks.push({ type: 'paragraph', tone: 'muted', text: `${view.hosts.length - TECHNICAL_HOST_LIMIT} more hosts are not shown here; the CSV and JSON formats of this report list all of them.` });
  }
  return { title: 'Technical report', subtitle: documentSubtitle(header), footer: documentFooter(header), blocks };
}
