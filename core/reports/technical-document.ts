// Lays out the technical report: per host, a table of its ports (service, product/version, banner) and a
// table of its findings with evidence. Long scans are cut in the human formats with a pointer to CSV/JSON.
import { SEVERITIES } from '../../scanner/types.js';
import { SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import { documentFooter, documentSubtitle, headerFacts, type ScanHeader } from './scan-header.js';
import type { TechnicalHost, TechnicalView } from './technical.js';
import { pluralize } from '../format/pluralize.js';

/** Hosts shown in PDF/Markdown; the CSV and JSON always hold everything. */
export const TECHNICAL_HOST_LIMIT = 300;

function hostBlocks(host: TechnicalHost): ReportBlock[] {
  const findings = host.ports.flatMap((p) => p.findings.map((f) => ({ p, f })));
  const blocks: ReportBlock[] = [
    { type: 'heading', level: 2, text: `${host.ip} — ${host.ports.length} open ${host.ports.length === 1 ? 'port' : 'ports'}, ${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}` },
    {
      type: 'table',
      columns: [{ title: 'Port', weight: 0.8 }, { title: 'Service', weight: 0.9 }, { title: 'Product / version', weight: 1.6 }, { title: 'Banner', weight: 2.2, code: true }],
      rows: host.ports.map((p) => [`${p.port}/${p.protocol}`, p.service ?? '—', [p.product, p.version].filter(Boolean).join(' ') || '—', p.banner ?? '']),
    },
  ];
  if (findings.length > 0) {
    blocks.push({
      type: 'table',
      columns: [{ title: 'Severity', weight: 0.8, severity: true }, { title: 'Port', weight: 0.7 }, { title: 'Finding', weight: 1.7 }, { title: 'Evidence', weight: 2.4, code: true }, { title: 'Change', weight: 0.7 }],
      rows: findings.map(({ p, f }) => [f.severity, `${p.port}/${p.protocol}`, f.title, f.evidence, f.change]),
    });
  }
  return blocks;
}

export function technicalDocument(view: TechnicalView, header: ScanHeader): ReportDocument {
  const blocks: ReportBlock[] = [
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
  if (view.hosts.length === 0) {
    blocks.push({ type: 'paragraph', text: 'No open ports found: no host on the scanned targets answered on the scanned ports.' });
  }
  for (const host of view.hosts.slice(0, TECHNICAL_HOST_LIMIT)) blocks.push(...hostBlocks(host));
  if (view.hosts.length > TECHNICAL_HOST_LIMIT) {
    blocks.push({ type: 'paragraph', tone: 'muted', text: `${view.hosts.length - TECHNICAL_HOST_LIMIT} more hosts are not shown here; the CSV and JSON formats of this report list all of them.` });
  }
  return { title: 'Technical report', subtitle: documentSubtitle(header), footer: documentFooter(header), blocks };
}
