// The scheduled summary's content (buildReportDigest), its period (reportPeriodStart) and its chat message
// (digestReply): severity now against the start of the period, worst scan first, top risks across scans;
// the event parser that lets only well-formed summaries through.
import { describe, expect, it } from 'vitest';
import { digestReply } from '../../../bot/notifications/digest-reply.js';
import { parseNotificationEvent, parseRunEvent } from '../../../bot/notifications/run-event-subscription.js';
import { buildReportDigest } from '../../../core/reports/report-digest.js';
import { reportPeriodStart } from '../../../control/report-schedule.js';
import { emptyInput, reportInput } from './fixtures.js';

const periodStart = new Date('2025-03-03T12:00:00.000Z');
const periodEnd = new Date('2025-03-04T12:00:00.000Z');

describe('buildReportDigest', () => {
  it('sums severity now and at the start of the period, worst scan first, top risks across scans', () => {
    const digest = buildReportDigest([emptyInput(), reportInput()], periodStart, periodEnd);
    expect(digest.scans.map((s) => s.scanId)).toEqual(['SCAN-1001', 'SCAN-1002']);
    expect(digest.severity).toEqual({ critical: 2, high: 1, medium: 0, low: 0, info: 2 });
    // SCAN-1001 had run 2 (03-03 10:00) before the period; SCAN-1002 never ran before it.
    expect(digest.scans[0]).toMatchObject({ riskLevel: 'critical', previous: { run: 2 }, runsInPeriod: 1, openPorts: 5 });
    expect(digest.scans[1]).toMatchObject({ riskLevel: null, previous: null, runsInPeriod: 1 });
    expect(digest.previousSeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 0, info: 3 });
    expect(digest.riskLevel).toBe('critical');
    expect(digest.topRisks[0]).toMatchObject({ scanId: 'SCAN-1001', severity: 'critical', title: 'Exposed database port', affected: 2 });
    expect(digest.topRisks.map((r) => r.severity)).toEqual(['critical', 'high', 'info']); // the two open-port infos are one risk
    expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
  });

  it('is empty but well formed without scans', () => {
    expect(buildReportDigest([], periodStart, periodEnd)).toMatchObject({ scans: [], scansTotal: 0, riskLevel: null, topRisks: [], severity: { critical: 0, info: 0 } });
  });
});

describe('reportPeriodStart', () => {
  it('goes back one interval of the schedule, in its time zone', () => {
    const config = { REPORT_SCHEDULE: '0 8 * * 1', REPORT_TIMEZONE: 'UTC' };
    expect(reportPeriodStart(config, new Date('2026-11-16T08:00:00.050Z')).toISOString()).toBe('2026-11-09T08:00:00.050Z');
    expect(reportPeriodStart({ REPORT_SCHEDULE: '0 8 * * *', REPORT_TIMEZONE: 'Europe/Paris' }, new Date('2026-11-18T15:00:00.000Z')).toISOString()).toBe('2026-11-17T15:00:00.000Z');
  });
});

describe('digestReply', () => {
  it('states posture, the trend against the period start and the top risks, with the digest as data', () => {
    const digest = buildReportDigest([reportInput(), emptyInput()], periodStart, periodEnd);
    const reply = digestReply(digest);
    expect(reply.title).toBe('📊 Perimeter summary: critical risk · 5 findings in 2 scans');
    expect(reply.text?.[0]).toBe('Highest risk: *critical*, in 1 scan of 2.');
    expect(reply.text?.[1]).toBe('5 findings (±0 since 2025-03-03 12:00 UTC): 🟥 2 critical (▲1) · 🟧 1 high (±0) · ⬜ 2 info (▼1)');
    expect(reply.table?.rows).toEqual([
      ['SCAN-1001 web perimeter', '✅ Done (run 3)', '🟥 2 critical · 🟧 1 high · ⬜ 2 info', '±0'],
      ['SCAN-1002 quiet range', '✅ Done (run 1)', 'none', 'new'],
    ]);
    expect(reply.severity).toBe('critical');
    expect(reply.data).toBe(digest);
    const risks = reply.text?.find((t) => t.startsWith('*Top risks*')) ?? '';
    expect(risks.split('\n')).toHaveLength(4);
    expect(risks).not.toContain('\n\n');
  });

  it('says so when there are no scans', () => {
    expect(digestReply(buildReportDigest([], periodStart, periodEnd)).text?.[0]).toBe('No scans yet: create one with `/scan create`.');
  });
});

describe('parseNotificationEvent', () => {
  it('accepts run events and well-formed report summaries, drops the rest', () => {
    const digest = buildReportDigest([reportInput()], periodStart, periodEnd);
    const summary = JSON.stringify({ type: 'report.summary', at: periodEnd.toISOString(), digest });
    expect(parseNotificationEvent(summary)?.type).toBe('report.summary');
    expect(parseRunEvent(summary)).toBeNull();
    expect(parseNotificationEvent(JSON.stringify({ type: 'report.summary', at: 'x', digest: { scans: 'no' } }))).toBeNull();
    expect(parseNotificationEvent(JSON.stringify({ type: 'run.progress', scanId: 'SCAN-1', runId: 1, run: 1, percent: 5, phase: 'x' }))?.type).toBe('run.progress');
    expect(parseNotificationEvent('{"type":"run.progress","garbage":true}')).toBeNull();
    expect(parseNotificationEvent('not json')).toBeNull();
  });
});
