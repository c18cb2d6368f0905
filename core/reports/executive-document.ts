// Lays out the executive report: one page a manager can read in a minute — the risk statement, the scan
// facts, the severity and trend charts (PDF), the top risks in plain language, and what changed.
import { SEVERITIES } from '../../scanner/types.js';
import { SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { ExecutiveView } from './executive.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import { documentFooter, documentSubtitle, headerFacts, type ScanHeader } from './scan-header.js';

/** PNGs to embed; absent for formats that cannot show images. */
export interface ExecutiveCharts {
  severity: Buffer;
  trend: Buffer;
}

const LIST_CAP = 5;

function capped(items: string[]): string {
  const shown = items.slice(0, LIST_CAP).join(', ');
  return items.length > LIST_CAP ? `${shown} and ${items.length - LIST_CAP} more` : shown;
}

function changeBlocks(view: ExecutiveView): ReportBlock[] {
  const c = view.changes;
  const items = [
    c.newPorts.length > 0 ? { lead: 'Newly exposed', text: capped(c.newPorts) } : null,
    c.gonePorts.length > 0 ? { lead: 'No longer exposed', text: capped(c.gonePorts) } : null,
    c.changedPorts.length > 0 ? { lead: 'Changed', text: capped(c.changedPorts) } : null,
  ].filter((i): i is { lead: string; text: string } => i !== null);
  return [
    { type: 'heading', text: 'What changed since the previous run' },
    { type: 'paragraph', text: c.summary },
    ...(items.length > 0 ? [{ type: 'list', items } as ReportBlock] : []),
  ];
}

export function executiveDocument(view: ExecutiveView, header: ScanHeader, charts?: ExecutiveCharts): ReportDocument {
  const severityLine = SEVERITIES.map((s) => `${SEVERITY_LABELS[s]} ${view.severity[s]}`).join(' · ');
  const blocks: ReportBlock[] = [
    { type: 'paragraph', text: view.headline, tone: 'risk', severity: view.riskLevel },
    {
      type: 'facts',
      items: [
        ...headerFacts(header),
        ['Exposure', `${view.totals.openPorts} open ports on ${view.totals.hosts} hosts · ${view.totals.findings} findings`],
        ['Severity', severityLine],
      ],
    },
  ];
  if (charts) {
    blocks.push({
      type: 'charts',
      images: [
        { png: charts.severity, alt: `Findings by severity: ${severityLine}` },
        { png: charts.trend, alt: 'Findings over runs' },
      ],
    });
  } else if (view.trend.length > 1) {
    const trend = view.trend.slice(-8).map((p) => `run ${p.run}: ${SEVERITIES.reduce((n, s) => n + p.severity[s], 0)} (${p.severity.critical} critical, ${p.severity.high} high)`);
    blocks.push({ type: 'paragraph', text: `Findings over runs: ${trend.join('; ')}.`, tone: 'muted' });
  }
  blocks.push({ type: 'heading', text: view.topRisks.length > 0 ? `Top ${view.topRisks.length === 1 ? 'risk' : `${view.topRisks.length} risks`}` : 'Top risks' });
  blocks.push(
    view.topRisks.length > 0
      ? { type: 'list', ordered: true, items: view.topRisks.map((r) => ({ severity: r.severity, lead: r.summary, text: `What to do: ${r.action}` })) }
      : { type: 'paragraph', text: view.totals.openPorts === 0 ? 'None: no open ports were found.' : 'None: no open port matched a known risk.' },
  );
  blocks.push(...changeBlocks(view));
  return { title: 'Executive summary', subtitle: documentSubtitle(header), footer: documentFooter(header), blocks };
}
