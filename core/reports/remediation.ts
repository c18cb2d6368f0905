// The remediation report's content: findings grouped by what to do about them (the rule's remediation
// text), most severe action first, each with the hosts and ports it applies to — a work list for the teams
// who fix things.
import type { Protocol, Severity } from '../../scanner/types.js';
import type { ReportInput } from './report-input.js';
import { oneLine } from './safe-text.js';
import { compareEndpoint, compareText, severityRank, worstSeverity } from './severity-order.js';

export const NO_REMEDIATION = 'No specific fix is known: confirm the service must be reachable from outside, otherwise close or firewall it.';

export interface AffectedService {
  ip: string;
  port: number;
  protocol: Protocol;
  severity: Severity;
  title: string;
}

export interface RemediationAction {
  /** What to do (the remediation text). */
  action: string;
  /** The worst severity among the findings it fixes. */
  severity: Severity;
  /** Distinct finding titles it fixes. */
  titles: string[];
  /** Distinct hosts affected, in address order. */
  hosts: string[];
  affected: AffectedService[];
}

export interface RemediationView {
  actions: RemediationAction[];
}

export function buildRemediationView(input: ReportInput): RemediationView {
  const groups = new Map<string, AffectedService[]>();
  for (const f of input.findings) {
    const action = oneLine(f.remediation, 1_000) || NO_REMEDIATION;
    const list = groups.get(action) ?? [];
    list.push({ ip: oneLine(f.ip, 64), port: f.port, protocol: f.protocol, severity: f.severity, title: oneLine(f.title, 200) });
    groups.set(action, list);
  }
  const actions = [...groups.entries()].map(([action, affected]): RemediationAction => {
    affected.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareEndpoint(a, b) || compareText(a.title, b.title));
    const byAddress = [...affected].sort(compareEndpoint);
    return {
      action,
      severity: worstSeverity(affected.map((a) => a.severity)) ?? 'info',
      titles: [...new Set(affected.map((a) => a.title))].sort(compareText),
      hosts: [...new Set(byAddress.map((a) => a.ip))],
      affected,
    };
  });
  actions.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.affected.length - a.affected.length || compareText(a.action, b.action));
  return { actions };
}
