// The content of each report kind, independent of format: ranking, grouping, wording and edge cases.
import { describe, it, expect } from 'vitest';
import { buildExecutiveView } from '../../../core/reports/executive.js';
import { buildRemediationView, NO_REMEDIATION } from '../../../core/reports/remediation.js';
import { buildTechnicalView } from '../../../core/reports/technical.js';
import { compareIp } from '../../../core/reports/severity-order.js';
import { emptyInput, reportInput, scanSummary } from './fixtures.js';

describe('executive view', () => {
  it('states the risk level, counts and top risks most severe first, grouped by rule', () => {
    const view = buildExecutiveView(reportInput());
    expect(view.riskLevel).toBe('critical');
    expect(view.headline).toBe('Critical risk: 2 critical and 1 high-severity findings across 3 hosts (5 open ports); this needs action today.');
    expect(view.severity).toEqual({ critical: 2, high: 1, medium: 0, low: 0, info: 2 });
    expect(view.topRisks.map((r) => [r.severity, r.ruleId, r.affected.length])).toEqual([
      ['critical', 'exposed-database', 2],
      ['high', 'eol-version', 1],
      ['info', 'open-port', 2],
    ]);
    expect(view.topRisks[0]!.affected).toEqual(['198.18.1.2:6379/tcp', '198.18.1.10:3306/tcp']);
    expect(view.topRisks[2]!.action).toMatch(/reachable/);
  });

  it('ranks every risk most severe first (the document lists five and counts the rest)', () => {
    const base = reportInput();
    const findings = Array.from({ length: 9 }, (_, i) => ({ ...base.findings[2]!, ruleId: `r${i}`, title: `T${i}` }));
    expect(buildExecutiveView(reportInput({ findings })).topRisks).toHaveLength(9);
  });

  it('summarises what changed, or says it is the first run', () => {
    expect(buildExecutiveView(reportInput()).changes).toMatchObject({
      baseRun: 2,
      newPorts: ['198.18.1.2:6379/tcp (redis)'],
      gonePorts: ['198.18.1.3:21/tcp (ftp)'],
      changedPorts: ['198.18.1.2:22/tcp: OpenSSH 7.2p1 → OpenSSH 7.2p2'],
      newFindings: 1,
    });
    expect(buildExecutiveView(emptyInput()).changes.summary).toMatch(/^First run/);
  });

  it('says no open ports found for an empty scan, and warns when the run did not complete', () => {
    expect(buildExecutiveView(emptyInput())).toMatchObject({ riskLevel: null, headline: expect.stringMatching(/^No open ports found/), topRisks: [] });
    const failed = buildExecutiveView(reportInput({ scan: scanSummary({ status: 'failed', error: 'nmap died' }) }));
    expect(failed.headline).toMatch(/Results of run 3, which failed: nmap died: they are incomplete and are not an all-clear\.$/);
  });
});

describe('technical view', () => {
  it('lists hosts in address order with ports ascending and findings attached', () => {
    const view = buildTechnicalView(reportInput());
    expect(view.hosts.map((h) => h.ip)).toEqual(['198.18.1.2', '198.18.1.9', '198.18.1.10']);
    expect(view.hosts[0]!.ports.map((p) => p.port)).toEqual([22, 80, 6379]);
    expect(view.hosts[0]!.ports[2]!.findings[0]).toMatchObject({ severity: 'critical', ruleId: 'exposed-database', change: 'new' });
    expect(view.totals).toEqual({ hosts: 3, openPorts: 5, findings: 5 });
  });

  it('caps hostile evidence and banners at 500 characters and strips control characters', () => {
    const base = reportInput();
    const evil = `ok\u0000\u001b[31mred\u202Egnp.exe${'x'.repeat(900)}`;
    const view = buildTechnicalView(reportInput({ findings: [{ ...base.findings[0]!, evidence: evil }], openPorts: [{ ...base.openPorts[1]!, banner: evil }] }));
    const port = view.hosts[0]!.ports[0]!;
    for (const text of [port.banner!, port.findings[0]!.evidence]) {
      expect(Array.from(text)).toHaveLength(500);
      expect(text.endsWith('…')).toBe(true);
      expect(text.startsWith('ok[31mredgnp.exe')).toBe(true);
    }
  });

  it('keeps a finding whose port is not among the open ports', () => {
    const base = reportInput();
    const view = buildTechnicalView(reportInput({ openPorts: [], findings: [base.findings[0]!] }));
    expect(view.hosts[0]!.ports[0]).toMatchObject({ port: 6379, state: 'unknown', findings: [{ ruleId: 'exposed-database' }] });
  });
});

describe('remediation view', () => {
  it('groups by action, most severe first, with affected hosts', () => {
    const view = buildRemediationView(reportInput());
    expect(view.actions.map((a) => [a.severity, a.affected.length])).toEqual([
      ['critical', 2],
      ['high', 1],
      ['info', 2],
    ]);
    expect(view.actions[0]!.hosts).toEqual(['198.18.1.2', '198.18.1.10']);
    expect(view.actions[2]!.action).toBe(NO_REMEDIATION);
  });

  it('is empty for a scan with no findings', () => {
    expect(buildRemediationView(emptyInput()).actions).toEqual([]);
  });
});

describe('compareIp', () => {
  it('orders IPv4 numerically and puts IPv6 after it', () => {
    expect(['2001:db8::1', '10.0.0.10', '10.0.0.9', '9.255.255.255'].sort(compareIp)).toEqual(['9.255.255.255', '10.0.0.9', '10.0.0.10', '2001:db8::1']);
  });
});
