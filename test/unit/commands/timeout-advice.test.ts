// A run stopped by its timeout says what to change: a longer timeout= or a higher rate= (with the scan's
// values when known), in show, errors and the failure alert.
import { describe, expect, it } from 'vitest';
import { timeoutAdvice } from '../../../bot/presenters/format.js';
import { failureAlertReply } from '../../../bot/presenters/run-events.js';
import { errorsReply } from '../../../bot/presenters/runs.js';
import { showReply } from '../../../bot/presenters/scan.js';
import type { ScanSummary } from '../../../core/scans/scan-model.js';

const ERROR = 'masscan timed out after 10s at 0 %; 0 open ports found before the stop are kept';

function summary(overrides: Partial<ScanSummary> = {}): ScanSummary {
  return {
    id: 'SCAN-1001', name: 'web', status: 'failed', findings: 2, severity: { critical: 1, high: 0, medium: 0, low: 0, info: 1 }, startTime: '2026-11-22T01:00:00.000Z',
    durationSeconds: 10, ageSeconds: 60, progress: null, phase: null, run: 4, resultsRun: 3, resultsEndedAt: '2026-11-21T01:00:00.000Z', openPorts: 2, error: ERROR,
    config: { name: 'web', targets: ['203.0.113.0/28'], ports: '1-65535', scanner: 'masscan', rate: 1000, timeoutSeconds: 600, portTimeoutMs: 1500, protocol: 'tcp', schedule: null, timezone: null, pool: 'default' },
    createdBy: 'slack:U1', createdAt: '2026-11-20T00:00:00.000Z', ...overrides,
  };
}

describe('timeout advice', () => {
  it('suggests a longer timeout and a higher rate from the values of the scan', () => {
    expect(timeoutAdvice('SCAN-1001', ERROR, { timeoutSeconds: 600, rate: 1000 })).toBe(
      'To let it finish, give it more time with `/scan update SCAN-1001 timeout=20m` (now 10m), or scan faster with `/scan update SCAN-1001 rate=2000` (now 1000), or scan fewer ports.',
    );
    expect(timeoutAdvice('SCAN-1001', ERROR, { timeoutSeconds: 7200, rate: 100_000 })).toBe('To let it finish, scan fewer ports.');
    expect(timeoutAdvice('SCAN-1001', 'nmap exited with code 1', { timeoutSeconds: 600, rate: 1000 })).toBeNull();
  });

  it('is part of show, errors and the failure alert, and show names the run its results are from', () => {
    const show = showReply(summary());
    expect(show.text?.join(' ')).toContain('timeout=20m');
    expect(show.text?.join(' ')).toMatch(/Findings and open ports are from run 3, the latest completed run .*; since then run 4 failed/);
    expect(JSON.stringify(errorsReply('SCAN-1001', [{ run: 4, error: ERROR, lines: [] }]))).toContain('timeout=');
    const alert = failureAlertReply({ type: 'run.finished', scanId: 'SCAN-1001', scanName: 'web', runId: 9, run: 4, at: '2026-11-22T01:00:10.000Z', status: 'failed', error: ERROR, openPorts: 0, findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, durationSeconds: 10, lastErrors: [] });
    expect(alert.fields?.find((f) => f.label === 'What to change')?.value).toMatch(/timeout=.*rate=/);
  });
});
