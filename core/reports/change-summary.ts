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
  /** Open in the base run on ports or targets this run did not scan: not gone, not looked at. */
  notScannedNow: string[];
  /** Open now on ports or targets the base run did not scan: first looked at, not newly exposed. */
  notScannedBefore: string[];
  /** The two runs used different scanners: services were not compared. */
  scannerChange: string | null;
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
    const none = { newPorts: [], gonePorts: [], changedPorts: [], notScannedNow: [], notScannedBefore: [], scannerChange: null };
    return { baseRun: null, ...none, newFindings, summary: 'First run: there is no previous run to compare with.' };
  }
  const sorted = (ports: readonly PortView[] | undefined) => [...(ports ?? [])].sort(compareEndpoint).map(label);
  const newPorts = sorted(diff.new);
  const gonePorts = sorted(diff.gone);
  const changedPorts = [...diff.changed].sort(compareEndpoint).map(changedLabel);
  const notScannedNow = sorted(diff.notScannedNow);
  const notScannedBefore = sorted(diff.notScannedBefore);
  const scannerChange = diff.scannerChange ? `run ${diff.baseRun} used ${diff.scannerChange.before}, run ${diff.run} ${diff.scannerChange.after}: services were not compared` : null;
  const parts = [
    `${newPorts.length} newly exposed ${newPorts.length === 1 ? 'port' : 'ports'}`,
    `${gonePorts.length} closed`,
    `${changedPorts.length} with a changed service`,
    `${newFindings} new ${newFindings === 1 ? 'finding' : 'findings'}`,
    ...(notScannedNow.length > 0 ? [`${notScannedNow.length} open in run ${diff.baseRun} but not scanned in run ${diff.run}`] : []),
    ...(notScannedBefore.length > 0 ? [`${notScannedBefore.length} first scanned in run ${diff.run} (not scanned in run ${diff.baseRun})`] : []),
  ];
  const verdict = newPorts.length === 0 && newFindings === 0 ? ' No new exposure.' : newPorts.length > 0 ? ' New exposure: review the ports below.' : '';
  const scanners = scannerChange ? ` Note: ${scannerChange}.` : '';
  return {
    baseRun: diff.baseRun, newPorts, gonePorts, changedPorts, notScannedNow, notScannedBefore, scannerChange, newFindings,
    summary: `Since run ${diff.baseRun}: ${parts.join(', ')}.${verdict}${scanners}`,
  };
}
