// The finding of a host that answered on more ports than the tarpit threshold: one finding per host, from
// the rule table's host rules (answersOnManyPorts), with its ports summarised as ranges.
import { formatPortRanges, type PortRange } from '../port-ranges.js';
import type { Finding } from '../types.js';
import { fillTemplate } from './evidence.js';
import { RULE_TABLE } from './rule-table.js';
import type { Rule } from './rule-types.js';

export interface TarpitSummary {
  ip: string;
  /** Distinct open ports it answered on (both protocols). */
  count: number;
  tcp: PortRange[];
  udp: PortRange[];
  threshold: number;
}

/** Ranges shown at most; a hostile host answering on every other port cannot flood the evidence. */
const MAX_RANGES_SHOWN = 40;

function shown(label: string, ranges: PortRange[]): string | undefined {
  if (ranges.length === 0) return undefined;
  const text = formatPortRanges(ranges.slice(0, MAX_RANGES_SHOWN));
  return ranges.length > MAX_RANGES_SHOWN ? `${label}${text},… (${ranges.length} ranges in all)` : `${label}${text}`;
}

/** `T:1-65535` / `T:1-1000,U:53` as nmap writes port lists. */
export function summariseRanges(tcp: PortRange[], udp: PortRange[]): string {
  return [shown('T:', tcp), shown('U:', udp)].filter(Boolean).join(',');
}

/** The finding for a host that answers everywhere, or undefined when the rule table has no such rule. */
export function tarpitFinding(summary: TarpitSummary, rules: readonly Rule[] = RULE_TABLE): Finding | undefined {
  const rule = rules.find((r) => r.match.answersOnManyPorts);
  if (!rule) return undefined;
  const values = { ip: summary.ip, count: summary.count, ranges: summariseRanges(summary.tcp, summary.udp), threshold: summary.threshold };
  return {
    ruleId: rule.id,
    severity: rule.severity,
    title: fillTemplate(rule.title, values, 200),
    ip: summary.ip,
    // The finding is about the host, not a port: port 0 (the findings table allows 0–65535).
    port: 0,
    protocol: summary.tcp.length > 0 || summary.udp.length === 0 ? 'tcp' : 'udp',
    evidence: fillTemplate(rule.evidence, values),
    remediation: fillTemplate(rule.remediation, values),
  };
}
