import { describe, it, expect } from 'vitest';
import { buildReport } from '../../../core/reports/build-report.js';
import { REPORT_KINDS } from '../../../core/reports/report-input.js';
import { emptyInput, reportInput } from './fixtures.js';

async function json(kind: (typeof REPORT_KINDS)[number], input = reportInput()): Promise<Record<string, unknown>> {
  return JSON.parse((await buildReport(kind, 'json', input)).data.toString('utf8')) as Record<string, unknown>;
}

describe('JSON reports', () => {
  it('have the documented top-level shape and scan header for every kind', async () => {
    for (const kind of REPORT_KINDS) {
      const doc = await json(kind);
      expect(Object.keys(doc)).toEqual(['schema', 'kind', 'scan', 'report']);
      expect(doc.scan).toEqual({
        scanId: 'SCAN-1001', name: 'web perimeter', run: 3, status: 'completed', startTime: '2025-03-04T10:00:00.000Z', durationSeconds: 754,
        targets: ['198.18.1.0/24'], ports: '1-1024,3306,6379', scanner: 'hybrid', error: null, generatedAt: '2025-03-04T12:00:00.000Z',
        standing: 'Results of run 3, completed.', runFact: '3 (completed)', complete: true, noResults: false, newer: false,
      });
    }
  });

  it('carry each kind\'s data', async () => {
    expect(Object.keys((await json('executive')).report as object)).toEqual(['riskLevel', 'headline', 'severity', 'totals', 'topRisks', 'notRechecked', 'changes', 'trend']);
    expect(((await json('technical')).report as { hosts: unknown[] }).hosts).toHaveLength(3);
    expect(((await json('remediation')).report as { actions: Array<{ severity: string }> }).actions[0]!.severity).toBe('critical');
    expect((await json('technical', emptyInput())).report).toEqual({ severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, totals: { hosts: 0, openPorts: 0, findings: 0 }, hosts: [] });
  });

  it('keep hostile text as data (escaped by JSON itself) but capped', async () => {
    const text = (await buildReport('technical', 'json', reportInput())).data.toString('utf8');
    const doc = JSON.parse(text) as { report: { hosts: Array<{ ports: Array<{ banner: string | null }> }> } };
    const banner = doc.report.hosts[0]!.ports[1]!.banner!;
    expect(banner.startsWith('<!channel> @everyone')).toBe(true);
    expect(Array.from(banner)).toHaveLength(500);
  });
});
