// Lays out the executive report: one page a manager can read in a minute — the risk statement, the scan
// facts, the severity and trend charts (PDF), the top risks in plain language, and what changed.
import { SEVERITIES } from '../../scanner/types.js';
import { SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { ExecutiveView } from './executive.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import { capText } from './safe-text.js';
import { documentFooter, documentSubtitle, headerFacts, standingBlock, type ScanHeader } from './scan-header.js';
import { pluralize } from '../format/pluralize.js';

/** PNGs to embed; absent for formats that cannot show images. */
export interface ExecutiveCharts {
  severity: Buffer;
  trend: Buffer;
}

// Caps that keep the PDF to one page for any ordinary scan; the JSON holds the full text. The compact
// layout is the fallback build-report uses when a page is still not enough.
interface Caps {
  risks: number;
  listItems: number;
  lead: number;
  action: number;
  changeLine: number;
  fact: number;
}
const NORMAL: Caps = { risks: 5, listItems: 3, lead: 160, action: 320, changeLine: 200, fact: 150 };
const MEDIUM: Caps = { risks: 5, listItems: 2, lead: 130, action: 200, changeLine: 150, fact: 110 };
const TIGHT: Caps = { risks: 5, listItems: 0, lead: 110, action: 150, changeLine: 0, fact: 90 };
const COMPACT: Caps = { risks: 3, listItems: 0, lead: 110, action: 160, changeLine: 0, fact: 90 };
const LAYOUTS = { normal: NORMAL, medium: MEDIUM, tight: TIGHT, compact: COMPACT } as const;

/** Tried in this order until the document fits one PDF page. */
export const EXECUTIVE_LAYOUTS = ['normal', 'medium', 'tight', 'compact'] as const;
export type ExecutiveLayout = (typeof EXECUTIVE_LAYOUTS)[number];

function changeBlocks(view: ExecutiveView, header: ScanHeader, caps: Caps): ReportBlock[] {
  const c = view.changes;
  const capped = (items: string[]) => {
    const shown = capText(items.slice(0, caps.listItems).join(', '), caps.changeLine);
    return items.length > caps.listItems ? `${shown} and ${items.length - caps.listItems} more` : shown;
  };
  const items = [
    c.newPorts.length > 0 ? { lead: 'Newly exposed', text: capped(c.newPorts) } : null,
    c.gonePorts.length > 0 ? { lead: 'No longer exposed', text: capped(c.gonePorts) } : null,
    c.changedPorts.length > 0 ? { lead: 'Changed', text: capped(c.changedPorts) } : null,
    c.notScannedNow.length > 0 ? { lead: `Not scanned in run ${header.run} (open in run ${c.baseRun})`, text: capped(c.notScannedNow) } : null,
    c.notScannedBefore.length > 0 ? { lead: `First scanned in run ${header.run}`, text: capped(c.notScannedBefore) } : null,
    view.notRechecked.count > 0 ? { lead: 'Findings not re-checked', text: capped(view.notRechecked.items) } : null,
  ].filter((i): i is { lead: string; text: string } => i !== null);
  return [
    { type: 'heading', text: 'What changed since the previous run' },
    { type: 'paragraph', text: c.summary },
    ...(items.length > 0 && caps.listItems > 0 ? [{ type: 'list', items } as ReportBlock] : []),
  ];
}

/** "and 5 more: 1 critical, 4 high" for the risks not listed, so nothing severe disappears silently. */
function moreRisks(view: ExecutiveView, shown: number): ReportBlock[] {
  const rest = view.topRisks.slice(shown);
  if (rest.length === 0) return [];
  const bySeverity = SEVERITIES.map((s) => [s, rest.filter((r) => r.severity === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return [{ type: 'paragraph', tone: 'muted', text: `… and ${pluralize(rest.length, 'more risk')}: ${bySeverity.join(', ')}. The technical and remediation reports list every finding.` }];
}

function topRiskBlocks(view: ExecutiveView, header: ScanHeader, caps: Caps): ReportBlock[] {
  const risks = view.topRisks.slice(0, caps.risks);
  const total = view.topRisks.length;
  const heading = risks.length === 0 ? 'Top risks' : total > risks.length ? `Top ${risks.length} of ${total} risks` : `Top ${risks.length === 1 ? 'risk' : `${risks.length} risks`}`;
  const none = header.noResults
    ? 'None known: no run has completed yet.'
    : !header.complete
      ? 'None recorded before the run ended: this is not an all-clear.'
      : view.totals.openPorts === 0 ? 'None: no open ports were found.' : 'None: no open port matched a known risk.';
  return [
    { type: 'heading', text: heading },
    risks.length > 0
      ? { type: 'list', ordered: true, items: risks.map((r) => ({ severity: r.severity, lead: capText(r.summary, caps.lead), text: capText(`What to do: ${r.action}`, caps.action) })) }
      : { type: 'paragraph', text: none },
    ...moreRisks(view, risks.length),
  ];
}

export function executiveDocument(view: ExecutiveView, header: ScanHeader, charts?: ExecutiveCharts, layout: ExecutiveLayout = 'normal'): ReportDocument {
  const caps = LAYOUTS[layout];
  const severityLine = SEVERITIES.map((s) => `${SEVERITY_LABELS[s]} ${view.severity[s]}`).join(' · ');
  const blocks: ReportBlock[] = [
    { type: 'paragraph', text: view.headline, tone: 'risk', severity: view.riskLevel },
    ...(header.complete && header.newer ? [standingBlock(header)] : []),
    {
      type: 'facts',
      items: [
        ...headerFacts(header).map(([k, v]): [string, string] => [k, capText(v, caps.fact)]),
        ['Exposure', `${pluralize(view.totals.openPorts, 'open port')} on ${pluralize(view.totals.hosts, 'host')} · ${pluralize(view.totals.findings, 'finding')}`],
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
  blocks.push(...topRiskBlocks(view, header, caps));
  blocks.push(...changeBlocks(view, header, caps));
  return { title: 'Executive summary', subtitle: documentSubtitle(header), footer: documentFooter(header), blocks };
}
