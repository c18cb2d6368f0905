// The rule table as data: well-formed entries, so a bad edit to the table fails here and not in production.
import { describe, expect, it } from 'vitest';
import { deriveFindings, RULE_TABLE, type Rule } from '../../scanner/rules/index.js';
import { isVersionBelow, numericVersion } from '../../scanner/rules/version-compare.js';
import { SEVERITIES } from '../../scanner/types.js';

const PLACEHOLDERS = new Set(['ip', 'port', 'protocol', 'service', 'product', 'version', 'software', 'seen', 'match', 'script']);
/** Host rules (answersOnManyPorts) describe a host, not a port: they have placeholders of their own. */
const HOST_PLACEHOLDERS = new Set(['ip', 'count', 'ranges', 'threshold']);

function regexesOf(value: unknown): RegExp[] {
  if (value instanceof RegExp) return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(regexesOf);
  return [];
}

describe('rule table', () => {
  it('has unique ids and valid severities', () => {
    const ids = RULE_TABLE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULE_TABLE) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(SEVERITIES).toContain(rule.severity);
    }
  });

  it('uses only known placeholders and always says what to do', () => {
    for (const rule of RULE_TABLE) {
      for (const template of [rule.title, rule.evidence, rule.remediation]) {
        const known = rule.match.answersOnManyPorts ? HOST_PLACEHOLDERS : PLACEHOLDERS;
        for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(known, `${rule.id}: {${name}}`).toContain(name);
      }
      expect(rule.remediation.length, rule.id).toBeGreaterThan(30);
      if (rule.evidence.includes('{match}')) expect(Boolean(rule.match.script ?? rule.match.text), rule.id).toBe(true);
      if (rule.title.includes('{version}')) expect(rule.match.software, rule.id).toBeDefined();
    }
  });

  it('has no stateful (g or y) regular expressions', () => {
    for (const rule of RULE_TABLE) for (const re of regexesOf(rule.match)) expect(re.flags, `${rule.id} ${re}`).not.toMatch(/[gy]/);
  });

  it('covers the exposed ports DESIGN §5 names, and ends with the catch-all', () => {
    const ports = RULE_TABLE.flatMap((r) => r.match.ports ?? []).flatMap((p) => (typeof p === 'number' ? [p] : [p[0], p[1]]));
    for (const port of [3306, 5432, 6379, 9200, 27017, 11211, 23, 445, 139, 3389, 5900, 2375, 2376, 6443, 10250]) expect(ports).toContain(port);
    expect(RULE_TABLE[RULE_TABLE.length - 1]).toMatchObject({ id: 'open-port', severity: 'info', match: {} });
  });
});

describe('a table given as data', () => {
  it('drives deriveFindings: a new entry is a new finding, no code needed', () => {
    const rule: Rule = {
      id: 'exposed-minecraft',
      severity: 'medium',
      match: { services: ['minecraft'], ports: [25565] },
      title: 'Game server on {port}/{protocol}',
      evidence: '{ip}:{port}/{protocol}; seen: {seen}',
      remediation: 'Move it off the corporate perimeter.',
    };
    const findings = deriveFindings([{ ip: '93.184.216.34', port: 25565, protocol: 'tcp', state: 'open' }], [rule, ...RULE_TABLE]);
    expect(findings).toEqual([
      {
        ruleId: 'exposed-minecraft',
        severity: 'medium',
        title: 'Game server on 25565/tcp',
        ip: '93.184.216.34',
        port: 25565,
        protocol: 'tcp',
        evidence: '93.184.216.34:25565/tcp; seen: an open port, no service details (port scan only)',
        remediation: 'Move it off the corporate perimeter.',
      },
    ]);
  });
});

describe('version comparison', () => {
  it.each([
    ['7.2p2 Ubuntu 4ubuntu2.8', '7.4', true],
    ['7.4', '7.4', false],
    ['7.4p1', '7.4', false],
    ['6.6.1p1', '7.4', true],
    ['10.0', '7.4', false],
    ['1.18.0 (Ubuntu)', '1.20', true],
    ['1.20.1', '1.20', false],
    ['1.9.15', '1.20', true],
    ['5.0.7', '6', true],
    ['6.0.0', '6', false],
    ['unknown', '7.4', false],
    ['', '7.4', false],
  ])('%j below %s: %s', (version, bound, below) => {
    expect(isVersionBelow(version, bound)).toBe(below);
  });

  it('reads the leading dotted numbers', () => {
    expect(numericVersion('v2.4.58 (Debian)')).toEqual([2, 4, 58]);
    expect(numericVersion('(protocol 3.8)')).toBeUndefined();
  });
});
