// Turns a run's open ports into findings with the rule table (DESIGN §5). Each port yields its most
// severe finding(s) — an exposed Redis is reported as critical, not also as "open port" — and the
// findings come out most severe first, then by host and port (findingsOf: in port order, for streaming).
import { tryParseAddressRange } from '../address-ranges.js';
import { isPublicAddress } from '../special-ranges.js';
import { SEVERITIES, type Finding, type OpenPort, type Severity } from '../types.js';
import { describeSeen, fillTemplate, quoteSeen, type TemplateValues } from './evidence.js';
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

/** One rule that matched a kind of port, its texts filled once when they do not quote the address. */
interface Matched {
  rule: Rule;
  values: TemplateValues;
  title?: string;
  evidence?: string;
  remediation?: string;
}

function matchPort(port: OpenPort, rules: Rule[], isPublic: (ip: string) => boolean): Matched[] {
  const view = { port, service: serviceName(port), isPublic };
  const matches: Matched[] = [];
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
    const fixed = (template: string, max?: number) => (template.includes('{ip}') ? undefined : fillTemplate(template, values, max));
    matches.push({ rule, values, title: fixed(rule.title, 200), evidence: fixed(rule.evidence), remediation: fixed(rule.remediation) });
  }
  return matches;
}

/**
 * What the rules say about a kind of port, by everything the tools saw on it but its address (and whether
 * that address is public): hosts running the same service get the same findings, so a result of a million
 * ports evaluates the rule table once per kind of port, not once per port. Bounded; cleared when full.
 */
const MATCH_CACHE_LIMIT = 4096;
const matchCaches = new WeakMap<readonly Rule[], Map<string, Matched[]>>();

/** Every field of the port but its address, in one string (whatever fields OpenPort grows). */
function kindOf(port: OpenPort, isPublic: boolean): string {
  let key = isPublic ? '1' : '0';
  for (const name in port) {
    if (name === 'ip') continue;
    const value = (port as unknown as Record<string, unknown>)[name];
    if (value === undefined) continue;
    key += `\u0000${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
  }
  return key;
}

function cachedMatches(port: OpenPort, rules: Rule[], isPublic: (ip: string) => boolean): Matched[] {
  let cache = matchCaches.get(rules);
  if (!cache) {
    cache = new Map();
    matchCaches.set(rules, cache);
  }
  const key = kindOf(port, isPublic(port.ip));
  let matches = cache.get(key);
  if (!matches) {
    matches = matchPort(port, rules, isPublic);
    if (cache.size >= MATCH_CACHE_LIMIT) cache.clear();
    cache.set(key, matches);
  }
  return matches;
}

function findingsForPort(port: OpenPort, rules: Rule[], isPublic: (ip: string) => boolean, out: Finding[]): void {
  for (const { rule, values, title, evidence, remediation } of cachedMatches(port, rules, isPublic)) {
    const withIp = title === undefined || evidence === undefined || remediation === undefined ? { ...values, ip: port.ip } : values;
    out.push({
      ruleId: rule.id,
      severity: rule.severity,
      title: title ?? fillTemplate(rule.title, withIp, 200),
      ip: port.ip,
      port: port.port,
      protocol: port.protocol,
      evidence: evidence ?? fillTemplate(rule.evidence, withIp),
      remediation: remediation ?? fillTemplate(rule.remediation, withIp),
    });
  }
}

/** The findings of open ports in the order of the ports (streaming: a batch at a time, no sort). */
export function findingsOf(openPorts: readonly OpenPort[], rules: readonly Rule[] = RULE_TABLE): Finding[] {
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
  return findings;
}

/** The findings of a run's open ports, most severe first. `rules` defaults to the rule table. */
export function deriveFindings(openPorts: readonly OpenPort[], rules: readonly Rule[] = RULE_TABLE): Finding[] {
  const facts = addressFacts();
  // Sort on one precomputed key per finding: severity, address (numeric), port, protocol, rule.
  const keyed = findingsOf(openPorts, rules).map((finding) => ({
    finding,
    key: `${rank(finding.severity)}${facts(finding.ip).sortKey} ${String(finding.port).padStart(5, '0')}${finding.protocol} ${finding.ruleId}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.finding);
}
