// PDF reports checked with poppler (pdftotext/pdfinfo, Debian package poppler-utils): the text a reader
// sees, the page count, and that hostile text arrives as plain text.
import { beforeAll, describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../../core/reports/build-report.js';
import type { ReportInput, ReportKind } from '../../../core/reports/report-input.js';
import { emptyInput, reportInput } from './fixtures.js';

async function pdf(kind: ReportKind, input: ReportInput): Promise<{ text: string; pages: number; bytes: Buffer }> {
  const bytes = (await buildReport(kind, 'pdf', input)).data;
  const dir = mkdtempSync(join(tmpdir(), 'pcl-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('PDF reports', () => {
  beforeAll(() => {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error('pdftotext is not installed: install the Debian package poppler-utils (scripts/setup.sh should)');
    }
  });

  it('executive: one page with the scan id, the risk statement, the top risk and the changes', async () => {
    const { text, pages, bytes } = await pdf('executive', reportInput());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBe(1);
    expect(text).toContain('SCAN-1001');
    expect(text).toMatch(/Critical risk: 2 critical and 1 high-severity findings/);
    expect(text).toMatch(/Exposed database port on 2 services/);
    expect(text).toContain('Since run 2: 1 newly exposed port');
    expect(text).toContain('Page 1 of 1');
    // Two charts embedded as images.
    expect(bytes.toString('latin1').match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('executive stays on one page even with many risks and changes', async () => {
    const base = reportInput();
    const many = Array.from({ length: 200 }, (_, i) => ({ ...base.findings[0]!, ruleId: `rule-${i}`, title: `Risk number ${i} `.repeat(8), ip: `198.18.2.${i % 250}` }));
    const diff = { ...base.diff!, new: Array.from({ length: 300 }, (_, i) => ({ ip: `198.18.3.${i % 250}`, port: 1000 + i, protocol: 'tcp' as const, service: 'x' })) };
    const scan = { ...base.scan, name: 'N'.repeat(300), status: 'failed' as const, error: 'E'.repeat(400), config: { ...base.scan.config, targets: Array.from({ length: 40 }, (_, i) => `198.18.${i}.0/24`), ports: '1-65535,'.repeat(60) } };
    const { pages } = await pdf('executive', reportInput({ scan, findings: many, diff }));
    expect(pages).toBe(1);
  });

  it('technical: every host and port, with hostile evidence as plain, capped text', async () => {
    const { text } = await pdf('technical', reportInput());
    for (const needle of ['198.18.1.2', '198.18.1.9', '198.18.1.10', '6379/tcp', '3306/tcp', 'OpenSSH 7.2p2', 'redis 6.0.16 answered without', '<!channel>']) expect(text).toContain(needle);
    expect(text).toContain('…');
    expect((text.match(/A/g) ?? []).length).toBeLessThan(1_500);
  });

  it('remediation: actions in severity order with affected hosts', async () => {
    const { text } = await pdf('remediation', reportInput());
    const firewall = text.indexOf('Bind the database to a private interface');
    const upgrade = text.indexOf('Upgrade OpenSSH');
    expect(firewall).toBeGreaterThan(-1);
    expect(upgrade).toBeGreaterThan(firewall);
    expect(text).toContain('198.18.1.10:3306/tcp');
  });

  it('an empty scan gives a sensible "no open ports found" report in every kind', async () => {
    for (const kind of ['executive', 'technical', 'remediation'] as const) {
      const { text, pages } = await pdf(kind, emptyInput());
      expect(pages, kind).toBe(1);
      expect(text, kind).toContain('SCAN-1002');
      expect(text, kind).toMatch(/no open ports found/i);
    }
  });

  it('a long technical report flows over pages with numbered footers', async () => {
    const base = reportInput();
    const openPorts = Array.from({ length: 400 }, (_, i) => ({ ip: `198.18.4.${i % 40}`, port: 8000 + i, protocol: 'tcp' as const, state: 'open', service: 'http', banner: `Server: test ${i}` }));
    const { text, pages } = await pdf('technical', reportInput({ openPorts, findings: base.findings.slice(0, 2) }));
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('198.18.4.39 — 10 open ports');
  });
});
