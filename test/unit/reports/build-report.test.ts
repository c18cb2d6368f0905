import { describe, it, expect } from 'vitest';
import { buildReport, reportFileName } from '../../../core/reports/build-report.js';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../../../core/reports/report-input.js';
import { UserError } from '../../../core/errors.js';
import { emptyInput, reportInput } from './fixtures.js';

describe('buildReport', () => {
  for (const kind of REPORT_KINDS) {
    for (const format of REPORT_FORMATS) {
      it(`builds ${kind} as ${format}`, async () => {
        const file = await buildReport(kind, format, reportInput());
        expect(file.name).toBe(`SCAN-1001-run-3-${kind}.${format}`);
        expect(file.data.length).toBeGreaterThan(100);
        if (format === 'pdf') expect(file.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        if (format === 'json') expect(JSON.parse(file.data.toString('utf8'))).toMatchObject({ schema: 'portcullis.report/v1', kind, scan: { scanId: 'SCAN-1001', run: 3 } });
        if (format === 'md') expect(file.data.toString('utf8')).toMatch(/^# .*\n\n_SCAN-1001 · web perimeter · run 3_\n/);
        if (format === 'csv') expect(file.data.toString('utf8')).toMatch(/^scan_id,run,/);
        expect(file.mime).toBe({ pdf: 'application/pdf', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json' }[format]);
      });
    }
  }

  it('builds every kind and format for a scan that found nothing', async () => {
    for (const kind of REPORT_KINDS) {
      for (const format of REPORT_FORMATS) {
        const file = await buildReport(kind, format, emptyInput());
        expect(file.name).toBe(`SCAN-1002-run-1-${kind}.${format}`);
        expect(file.data.length).toBeGreaterThan(50);
      }
    }
  });

  it('gives the same bytes for the same input (JSON, CSV, Markdown)', async () => {
    for (const format of ['json', 'csv', 'md'] as const) {
      const a = await buildReport('technical', format, reportInput());
      const b = await buildReport('technical', format, reportInput({ openPorts: [...reportInput().openPorts].reverse(), findings: [...reportInput().findings].reverse() }));
      expect(b.data.equals(a.data), format).toBe(true);
    }
  });

  it('refuses an unknown kind or format with a user-safe error and the usage line', async () => {
    await expect(buildReport('weekly' as ReportKind, 'pdf', reportInput())).rejects.toThrow(UserError);
    await expect(buildReport('executive', 'docx' as ReportFormat, reportInput())).rejects.toThrow(/use pdf, md, csv or json/);
  });

  it('names files safely even from an odd scan id', () => {
    expect(reportFileName('SCAN-1001', 3, 'executive', 'pdf')).toBe('SCAN-1001-run-3-executive.pdf');
    expect(reportFileName('../../etc/passwd', 1, 'technical', 'csv')).toBe('etcpasswd-run-1-technical.csv');
    expect(reportFileName('', 0, 'remediation', 'md')).toBe('scan-run-0-remediation.md');
  });
});
