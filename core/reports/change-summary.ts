// "What changed since the previous run", from the scan diff and the findings' change marks: the part of a
// report that tells a reader whether things got better or worse.
import type { ChangedPort, PortView } from '../scans/scan-model.js';
import type { ReportInput } from './report-input.js';
import { oneLine } from './safe-text.js';
import { compareEndpoint, endpointLabel } from './severity-order.js';

export interface ChangeSummary {
  /** Run compared against; `null` on a first run. */
  baseRun: number | null;
  newPorts: string[];
  gonePorts: string[];
  changedPorts: string[];
  newFindings: number;
  /** One sentence. */
  summary: string;
}

function label(p: PortView): string {
  const service = oneLine(p.service, 40);
  return `${endpointLabel(p)}${service ? ` (${service})` : ''}`;
}

function changedLabel(p: ChangedPort): string {
  const side = (s: ChangedPort['before']) => oneLine([s.product, s.version].filter(Boolean).join(' ') || s.service || 'unknown', 60);
  return `${endpointLabel(p)}: ${side(p.before)} → ${side(p.after)}`;
}

export function changesSince(input: ReportInput): ChangeSummary {
  const newFindings = input.findings.filter((f) => f.change === 'new').length;
  const diff = input.diff;
  if (!diff || diff.baseRun === null) {
    return { baseRun: null, newPorts: [], gonePorts: [], changedPorts: [], newFindings, summary: 'First run: there is no previous run to compare with.' };
  }
  const newPorts = [...diff.new].sort(compareEndpoint).map(label);
  const gonePorts = [...diff.gone].sort(compareEndpoint).map(label);
  const changedPorts = [...diff.changed].sort(compareEndpoint).map(changedLabel);
  const parts = [
    `${newPorts.length} newly exposed ${newPorts.length === 1 ? 'port' : 'ports'}`,
    `${gonePorts.length} closed`,
    `${changedPorts.length} with a changed service`,
    `${newFindings} new ${newFindings === 1 ? 'finding' : 'findings'}`,
  ];
  const verdict = newPorts.length === 0 && newFindings === 0 ? ' No new exposure.' : newPorts.length > 0 ? ' New exposure: review the ports below.' : '';
  return { baseRun: diff.baseRun, newPorts, gonePorts, changedPorts, newFindings, summary: `Since run ${diff.baseRun}: ${parts.join(', ')}.${verdict}` };
}
