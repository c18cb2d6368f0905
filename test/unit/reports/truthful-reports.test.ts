// Reports that tell the truth, as a reader sees them (PDFs read back with pdftotext): which run they speak
// for, no all-clear for a run that did not complete, top-N that counts what it leaves out without dropping
// a higher severity, titles that match their group, whole words and whole addresses, columns only with
// data, remediation in the technical report, CSVs with the findings, charts titled with scan and date.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { severityChartConfig } from '../../../core/charts/severity-chart.js';
import { buildReport, chartTitle } from '../../../core/reports/build-report.js';
import { buildExecutiveView, groupTitle } from '../../../core/reports/executive.js';
import type { ReportInput, ReportKind } from '../../../core/reports/report-input.js';
import { buildScanHeader } from '../../../core/reports/scan-header.js';
import { capText } from '../../../core/reports/safe-text.js';
import type { FindingView } from '../../../core/scans/scan-model.js';
import { reportInput, scanSummary } from './fixtures.js';

async function pdfText(kind: ReportKind, input: ReportInput): Promise<string> {
  const bytes = (await buildReport(kind, 'pdf', input)).data;
  const dir = mkdtempSync(join(tmpdir(), 'pcl-truth-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const none = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

function finding(i: number, severity: FindingView['severity'], extra: Partial<FindingView> = {}): FindingView {
  return { severity, title: `Risk ${i}`, ip: `198.18.1.${i + 1}`, port: 1000 + i, protocol: 'tcp', ruleId: `rule-${i}`, evidence: 'seen', remediation: `Fix number ${i}.`, change: 'unchanged', ...extra };
}

describe('a report speaks for one completed run and says which', () => {
  it('no completed run yet: says so, never "no open ports", in every kind', async () => {
    const input = reportInput({
      scan: scanSummary({ status: 'running', run: 1, findings: 0, severity: none, openPorts: 0, progress: 40 }),
      standing: { results: null, latest: { run: 1, status: 'running', progress: 40, error: null } },
      findings: [], openPorts: [], diff: null, trend: [],
    });
    for (const kind of ['executive', 'technical', 'remediation'] as const) {
      const text = await pdfText(kind, input);
      expect(text).toMatch(/No completed run yet: run 1 is running \(40 %\)/);
      expect(text).toMatch(/not an all-clear/);
      expect(text).not.toMatch(/No open ports found|Nothing to fix/);
    }
  });

  it('a newer failed run is stated above the results of the completed one', async () => {
    const input = reportInput({ standing: { results: { run: 3, status: 'completed', endedAt: '2025-03-04T10:12:34.000Z', progress: 100, error: null }, latest: { run: 4, status: 'failed', progress: 0, error: 'masscan timed out after 7s at 0 %' } } });
    const text = (await pdfText('executive', input)).replace(/\s+/g, ' ');
    if (process.env.DUMP_REPORT) console.log(text);
    expect(text).toMatch(/Results of run 3, completed on 2025-03-04 10:12 UTC/);
    expect(text).toMatch(/run 4 failed at 0 %: masscan timed out/);
    expect(text).toMatch(/give it a longer timeout= or a higher rate= \(\/scan update SCAN-1001 …\)/);
    expect(text).toMatch(/Critical risk/);
  });

  it('an incomplete run asked for by number is never an all-clear', () => {
    const view = buildExecutiveView(reportInput({ scan: scanSummary({ status: 'cancelled', findings: 0, severity: none, openPorts: 0 }), findings: [], openPorts: [] }));
    expect(view.headline).toMatch(/^No open ports were recorded before the run ended\. Results of run 3, which was cancelled/);
    expect(view.headline).toMatch(/not an all-clear/);
  });
});

describe('top risks', () => {
  it('with 6 critical and 4 high risks: five critical shown, the rest counted by severity', async () => {
    const findings = [...Array.from({ length: 4 }, (_, i) => finding(i, 'high')), ...Array.from({ length: 6 }, (_, i) => finding(10 + i, 'critical'))];
    const input = reportInput({ findings });
    const view = buildExecutiveView(input);
    expect(view.topRisks.slice(0, 5).every((r) => r.severity === 'critical')).toBe(true);
    expect(view.topRisks.map((r) => r.severity).join(',')).toBe('critical,critical,critical,critical,critical,critical,high,high,high,high');
    const text = await pdfText('executive', input);
    expect(text).toMatch(/Top (5|3) of 10 risks/);
    expect(text).toMatch(/and (5|7) more risks: (1|3) critical, 4 high/);
    const md = (await buildReport('executive', 'md', input)).data.toString('utf8');
    expect(md).toContain('Top 5 of 10 risks');
    expect(md).toContain('and 5 more risks: 1 critical, 4 high');
  });

  it('a group is titled by what its findings share, not by one member', () => {
    expect(groupTitle(['Open port 7070/tcp (http)', 'Open port 8080/tcp (http)'], 'open-port')).toBe('Open port');
    expect(groupTitle(['Redis exposed', 'Redis exposed'], 'exposed-redis')).toBe('Redis exposed');
    expect(groupTitle(['Alpha', 'Beta'], 'weak-tls')).toBe('Weak tls');
    const findings = [finding(1, 'info', { ruleId: 'open-port', title: 'Open port 7070/tcp (http)' }), finding(2, 'info', { ruleId: 'open-port', title: 'Open port 8080/tcp (http)' })];
    expect(buildExecutiveView(reportInput({ findings })).topRisks[0]!.summary).toMatch(/^Open port on 2 services: /);
  });
});

describe('reports that read well', () => {
  it('cuts text at a word, never mid-word', () => {
    expect(capText('Bind Redis to a private interface and require a password', 22)).toBe('Bind Redis to a…');
    const long = `Bind Redis to 127.0.0.1 or a private interface, enable protected-mode and requirepass, rename dangerous commands, ${'and keep it off the internet '.repeat(8)}`;
    const input = reportInput({ findings: [finding(1, 'critical', { remediation: long })] });
    return pdfText('executive', input).then((text) => {
      const what = text.slice(text.indexOf('What to do'));
      expect(what).toMatch(/rename dangerous commands/);
      expect(what).not.toMatch(/ [a-z]…/i); // "t…" would be a word cut
    });
  });

  it('never breaks an address across lines', async () => {
    const findings = Array.from({ length: 8 }, (_, i) => finding(i, 'info', { ruleId: 'open-port', title: `Open port ${7000 + i}/tcp (http)`, port: 7000 + i, ip: '198.18.90.2' }));
    for (const kind of ['executive', 'technical', 'remediation'] as const) {
      const text = await pdfText(kind, reportInput({ findings }));
      for (const line of text.split('\n')) expect(line, `${kind}: ${line}`).not.toMatch(/\d\/\s*$|^\s*(tcp|udp)\b/);
    }
  });

  it('technical: a masscan run gets one table without empty columns; findings come with what to do', async () => {
    const ports = Array.from({ length: 30 }, (_, i) => ({ ip: `198.18.2.${i + 1}`, port: 3306, protocol: 'tcp' as const, state: 'open' }));
    const findings = ports.map((p, i) => finding(i, 'critical', { ip: p.ip, port: 3306, ruleId: 'exposed-mysql', title: 'MySQL exposed to the network', remediation: 'Bind MySQL to a private interface.' }));
    const input = reportInput({ openPorts: ports, findings, scan: scanSummary({ config: { ...scanSummary().config, scanner: 'masscan' } }) });
    const text = await pdfText('technical', input);
    expect(text).not.toMatch(/—\s+—/);
    expect(text).not.toMatch(/Banner|Product \/ version/);
    expect(text).toMatch(/no service details/);
    expect(text).toMatch(/What to do/);
    expect(text).toMatch(/Bind MySQL to a private interface\./);
    const detailed = await pdfText('technical', reportInput());
    expect(detailed).toMatch(/Bind the database to a private interface or firewall the port\./);
  });

  it('executive CSV holds the findings, not only the trend', async () => {
    const csv = (await buildReport('executive', 'csv', reportInput())).data.toString('utf8');
    expect(csv).toContain('198.18.1.2:6379/tcp');
    expect(csv).toContain('Bind the database');
  });

  it('the severity chart switches to a labelled log scale when small bars would vanish, and charts say scan, run and date', () => {
    const linear = severityChartConfig({ critical: 2, high: 5, medium: 9, low: 3, info: 14 });
    expect((linear.options?.scales?.y as { type?: string }).type).toBeUndefined();
    const skewed = severityChartConfig({ critical: 6, high: 0, medium: 0, low: 0, info: 153 });
    expect((skewed.options?.scales?.y as { type?: string }).type).toBe('logarithmic');
    expect(skewed.options?.plugins?.title?.text).toMatch(/log scale/);
    const title = chartTitle(buildScanHeader(reportInput()), 'findings by severity');
    expect(title).toBe('SCAN-1001 run 3 · 2025-03-04 · findings by severity');
  });
});
