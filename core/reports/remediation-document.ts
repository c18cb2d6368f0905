// Lays out the remediation report: a numbered work list, most severe action first; each action says what to
// do, which problems it fixes, and a table of every affected host and port.
import { SEVERITY_LABELS } from '../charts/severity-colours.js';
import type { RemediationView } from './remediation.js';
import type { ReportBlock, ReportDocument } from './report-document.js';
import { documentFooter, documentSubtitle, headerFacts, standingBlock, type ScanHeader } from './scan-header.js';
import { endpointLabel } from './severity-order.js';

export function remediationDocument(view: RemediationView, header: ScanHeader, openPorts: number): ReportDocument {
  const blocks: ReportBlock[] = [
    ...(header.complete && !header.newer ? [] : [standingBlock(header)]),
    { type: 'facts', items: [...headerFacts(header), ['Actions', `${view.actions.length} distinct fixes for ${view.actions.reduce((n, a) => n + a.affected.length, 0)} findings`]] },
  ];
  if (view.actions.length === 0) {
    blocks.push({
      type: 'paragraph',
      text: header.noResults
        ? 'No results: no run of this scan has completed yet, so there is no work list.'
        : !header.complete
          ? 'Nothing recorded before the run ended; this is not an all-clear.'
          : openPorts === 0 ? 'Nothing to fix: no open ports found.' : `Nothing to fix: ${openPorts} open ports were found but none matched a known risk.`,
    });
  }
  view.actions.forEach((a, index) => {
    const hosts = a.hosts.length === 1 ? '1 host' : `${a.hosts.length} hosts`;
    blocks.push(
      { type: 'heading', level: 2, text: `${index + 1}. ${SEVERITY_LABELS[a.severity]} — ${a.titles.slice(0, 3).join('; ')}${a.titles.length > 3 ? ` (+${a.titles.length - 3})` : ''}` },
      { type: 'list', items: [{ severity: a.severity, lead: 'Action', text: a.action }, { lead: 'Affects', text: `${hosts}, ${a.affected.length} ${a.affected.length === 1 ? 'service' : 'services'}` }] },
      {
        type: 'table',
        columns: [{ title: 'Severity', weight: 0.8, severity: true }, { title: 'Host and port', weight: 1.6 }, { title: 'Finding', weight: 2.6 }],
        rows: a.affected.map((s) => [s.severity, endpointLabel(s), s.title]),
      },
    );
  });
  return { title: 'Remediation plan', subtitle: documentSubtitle(header), footer: documentFooter(header), blocks };
}
