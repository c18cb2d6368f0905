// Turns a run's open ports into findings with the rule table (DESIGN §5). Each port yields its most
// severe finding(s) — an exposed Redis is reported as critical, not also as "open port" — and the
// findings come out most severe first, then by host and port.
import { tryParseAddressRange } from '../address-ranges.js';
import { isPublicAddress } from '../special-ranges.js';
import { SEVERITIES, type Finding, type OpenPort, type Severity } from '../types.js';
import { describeSeen, fillTemplate, quoteSeen } from './evidence.js';
import { matchRule } from './match-rule.js';
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

function findingsForPort(port: OpenPort, rules: readonly Rule[], isPublic: (ip: string) => boolean): Finding[] {
  let best = Number.POSITIVE_INFINITY;
  const found: Finding[] = [];
  for (const rule of rules) {
    const severityRank = rank(rule.severity);
    if (severityRank > best) continue;
    const matched = matchRule(rule, port, isPublic);
    if (!matched) continue;
    if (severityRank < best) {
      best = severityRank;
      found.length = 0;
    }
    const values = {
      ip: port.ip,
      port: port.port,
      protocol: port.protocol,
      service: port.service ? quoteSeen(port.service, 60) : 'unidentified service',
      product: port.product ? quoteSeen(port.product, 120) : undefined,
      seen: describeSeen(port),
      ...matched,
    };
    found.push({
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
  return found;
}

/** The findings of a run's open ports, most severe first. `rules` defaults to the rule table. */
export function deriveFindings(openPorts: OpenPort[], rules: readonly Rule[] = RULE_TABLE): Finding[] {
  const facts = addressFacts();
  const isPublic = (ip: string): boolean => facts(ip).isPublic;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const port of openPorts) {
    if (CLOSED_STATES.has(port.state)) continue;
    const key = `${port.ip}/${port.port}/${port.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(...findingsForPort(port, rules, isPublic));
  }
  return findings.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      (facts(a.ip).sortKey < facts(b.ip).sortKey ? -1 : facts(a.ip).sortKey > facts(b.ip).sortKey ? 1 : 0) ||
      a.port - b.port ||
      a.protocol.localeCompare(b.protocol) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
