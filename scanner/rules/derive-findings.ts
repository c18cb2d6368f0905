// Turns a run's open ports into findings with the rule table (DESIGN §5). Each port yields its most
// severe finding(s) — an exposed Redis is reported as critical, not also as "open port" — and the
// findings come out most severe first, then by host and port.
import { tryParseAddressRange } from '../address-ranges.js';
import { isPublicAddress } from '../special-ranges.js';
import { SEVERITIES, type Finding, type OpenPort, type Severity } from '../types.js';
import { describeSeen, fillTemplate, quoteSeen } from './evidence.js';
import { matchRule, serviceName } from './match-rule.js';
import { RULE_TABLE } from './rule-table.js';
import type { Rule } from './rule-types.js';

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);
const CLOSED_STATES = new Set(['closed', 'filtered', 'closed|filtered']);

/** Per-ip facts computed once: whether it is public, and a key that sorts addresses numerically. */
function addressFacts(): (ip: string) => { isPublic: boolean; sortKey: string } {
  const cache = new Map<string, { isPublic: boolean; sortKey: string }>();
  return (ip) => {
    let facts = cache.get(ip);
    if (!facts) {
      const range = tryParseAddressRange(ip);
      facts = range
        ? { isPublic: isPublicAddress(range), sortKey: `${range.family}:${range.first.toString(16).padStart(range.family === 4 ? 8 : 32, '0')}` }
        : { isPublic: false, sortKey: `9:${ip}` };
      cache.set(ip, facts);
    }
    return facts;
  };
}

/** The rules sorted most severe first (stable), so a port stops at the first severity that matches. */
const bySeverity = new WeakMap<readonly Rule[], Rule[]>();

function sortedRules(rules: readonly Rule[]): Rule[] {
  let sorted = bySeverity.get(rules);
  if (!sorted) {
    sorted = [...rules].sort((a, b) => rank(a.severity) - rank(b.severity));
    bySeverity.set(rules, sorted);
  }
  return sorted;
}

function findingsForPort(port: OpenPort, rules: Rule[], isPublic: (ip: string) => boolean, out: Finding[]): void {
  const view = { port, service: serviceName(port), isPublic };
  let severity: Severity | undefined;
  let seen: string | undefined;
  for (const rule of rules) {
    if (severity !== undefined && rule.severity !== severity) break;
    const matched = matchRule(rule, view);
    if (!matched) continue;
    severity = rule.severity;
    seen ??= describeSeen(port);
    const values = {
      ip: port.ip,
      port: port.port,
      protocol: port.protocol,
      service: port.service ? quoteSeen(port.service, 60) : 'unidentified service',
      product: port.product ? quoteSeen(port.product, 120) : undefined,
      seen,
      ...matched,
    };
    out.push({
      ruleId: rule.id,
      severity: rule.severity,
      title: fillTemplate(rule.title, values, 200),
      ip: port.ip,
      port: port.port,
      protocol: port.protocol,
      evidence: fillTemplate(rule.evidence, values),
      remediation: fillTemplate(rule.remediation, values),
    });
  }
}

/** The findings of a run's open ports, most severe first. `rules` defaults to the rule table. */
export function deriveFindings(openPorts: OpenPort[], rules: readonly Rule[] = RULE_TABLE): Finding[] {
  const facts = addressFacts();
  const isPublic = (ip: string): boolean => facts(ip).isPublic;
  const sorted = sortedRules(rules);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const port of openPorts) {
    if (CLOSED_STATES.has(port.state)) continue;
    const key = `${port.ip}/${port.port}/${port.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findingsForPort(port, sorted, isPublic, findings);
  }
  // Sort on one precomputed key per finding: severity, address (numeric), port, protocol, rule.
  const keyed = findings.map((finding) => ({
    finding,
    key: `${rank(finding.severity)}${facts(finding.ip).sortKey} ${String(finding.port).padStart(5, '0')}${finding.protocol} ${finding.ruleId}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.finding);
}
