// Presenters turn service records into neutral Replies: the `data` record of DESIGN §8, status labels,
// buttons, long content as files.
import { describe, expect, it } from 'vitest';
import type { FindingView, RunLogLine, ScanSummary } from '../../../core/scans/scan-model.js';
import { listReply, scannerAddedReply, scannersReply } from '../../../bot/presenters/admin.js';
import { errorReply, deniedReply } from '../../../bot/presenters/error.js';
import { diffReply, vulnsReply } from '../../../bot/presenters/findings.js';
import { STATUS_DISPLAY } from '../../../bot/presenters/format.js';
import { completionReply, failureAlertReply, statusMessageReply } from '../../../bot/presenters/run-events.js';
import { errorsReply, historyReply, INLINE_LOG_LINES, logsReply } from '../../../bot/presenters/runs.js';
import { createdReply, deleteConfirmReply, showReply } from '../../../bot/presenters/scan.js';

const severity = { critical: 1, high: 0, medium: 2, low: 0, info: 3 };

function summary(overrides: Partial<ScanSummary> = {}): ScanSummary {
  return {
    id: 'SCAN-1001', name: 'web', status: 'completed', findings: 6, severity, startTime: '2026-11-22T01:00:00.000Z',
    durationSeconds: 900, ageSeconds: 5400, progress: null, phase: null, run: 3, openPorts: 7, error: null,
    config: { name: 'web', targets: ['203.0.113.0/28'], ports: '80,443', scanner: 'hybrid', rate: 1000, timeoutSeconds: 3600, portTimeoutMs: 1500, protocol: 'tcp', schedule: null, timezone: null, pool: 'default' },
    createdBy: 'slack:U1', createdAt: '2026-11-20T00:00:00.000Z', ...overrides,
  };
}

function finding(severityName: FindingView['severity'], port: number, title = `f${port}`): FindingView {
  return { severity: severityName, title, ip: '203.0.113.5', port, protocol: 'tcp', ruleId: 'r', evidence: 'e', remediation: 'r', change: 'new' };
}

describe('scan presenters', () => {
  it('show: DESIGN §8 data, status label, duration/age, buttons Rerun/Logs/Report when idle', () => {
    const reply = showReply(summary());
    expect(reply.data).toEqual({ id: 'SCAN-1001', status: 'completed', findings: 6, severity, startTime: '2026-11-22T01:00:00.000Z', durationSeconds: 900, ageSeconds: 5400 });
    expect(reply.title).toBe('SCAN-1001 · web · ✅ Done');
    expect(reply.fields).toContainEqual({ label: 'Duration', value: '15m', inline: true });
    expect(reply.fields).toContainEqual({ label: 'Age', value: '1h 30m', inline: true });
    expect(reply.buttons?.map((b) => b.action)).toEqual(['scan.rerun', 'scan.logs', 'scan.report']);
    expect(reply.severity).toBe('critical');
  });

  it('show while running: progress and a Stop button that asks first', () => {
    const reply = showReply(summary({ status: 'running', progress: 41.6, phase: 'discovery' }));
    expect(reply.fields).toContainEqual({ label: 'Progress', value: '42 % (discovery)', inline: true });
    expect(reply.buttons?.[0]).toMatchObject({ action: 'scan.stop', style: 'danger', confirm: { confirm: 'Stop' } });
  });

  it('labels every status as DESIGN §3 says', () => {
    expect(STATUS_DISPLAY).toEqual({ completed: '✅ Done', failed: '❌ Failed', submit_error: '⚠️ Submit Error', running: '⏳ Running', planned: '🕒 Planned', cancelled: '⏹ Cancelled' });
  });

  it('create: data { id, run } and statusOf for the status message', () => {
    const reply = createdReply(summary({ status: 'planned' }), { scanId: 'SCAN-1001', runId: 77, run: 1, status: 'planned' });
    expect(reply.data).toEqual({ id: 'SCAN-1001', run: 1 });
    expect(reply.statusOf).toEqual({ scanId: 'SCAN-1001', runId: 77, run: 1 });
  });

  it('delete asks with a confirmed scan.delete button, ephemeral', () => {
    const reply = deleteConfirmReply('SCAN-1001', 'web');
    expect(reply.ephemeral).toBe(true);
    expect(reply.buttons).toEqual([expect.objectContaining({ action: 'scan.delete', value: 'SCAN-1001', confirm: expect.objectContaining({ confirm: 'Delete' }) })]);
  });

  it('list: the page as an array of show records', () => {
    const reply = listReply({ scans: [summary(), summary({ id: 'SCAN-1002', status: null, run: null })], total: 2, page: 1, limit: 25 });
    expect(reply.data).toEqual([expect.objectContaining({ id: 'SCAN-1001' }), expect.objectContaining({ id: 'SCAN-1002', status: null })]);
    expect(reply.table?.rows[1]?.[2]).toBe('— Never ran');
    expect(reply.title).toBe('2 scans');
    expect(reply.text).toEqual(['Showing 1–2 of 2, newest activity first.']);
  });

  it('list: the total in the title and the command for the next page, keeping the filter', () => {
    const page = Array.from({ length: 25 }, (_, i) => summary({ id: `SCAN-${2000 + i}`, status: 'failed' }));
    const first = listReply({ scans: page, total: 10_000, page: 1, limit: 25 }, { status: 'failed' });
    expect(first.title).toBe('10,000 scans with status failed');
    expect(first.text).toEqual(['Showing 1–25 of 10,000, newest activity first; `/scan list status=failed page=2` shows the next 25.']);
    expect(first.data).toHaveLength(25);
    const limited = listReply({ scans: page.slice(0, 10), total: 30, page: 2, limit: 10 }, { limit: 10 });
    expect(limited.text).toEqual(['Showing 11–20 of 30, newest activity first; `/scan list limit=10 page=3` shows the next 10.']);
    const last = listReply({ scans: page.slice(0, 5), total: 30, page: 2, limit: 25 });
    expect(last.text).toEqual(['Showing 26–30 of 30, newest activity first.']);
  });

  it('list: a page past the end names the last page; no scans says how to start one', () => {
    const past = listReply({ scans: [], total: 30, page: 9, limit: 25 });
    expect(past.text).toEqual(['Page 9 is past the end: 30 scans make 2 pages of 25; `/scan list page=2` shows the last.']);
    expect(past.data).toEqual([]);
    expect(listReply({ scans: [], total: 0, page: 1, limit: 25 }).text).toEqual(['No scans yet: `/scan create NAME TARGETS` starts one.']);
    expect(listReply({ scans: [], total: 0, page: 1, limit: 25 }, { status: 'running' }).text).toEqual(['None match.']);
  });
});

describe('run presenters', () => {
  it('history: DESIGN §8 rows', () => {
    const reply = historyReply('SCAN-1', [{ run: 2, status: 'failed', trigger: 'rerun', startTime: null, durationSeconds: 90, openPorts: 0, error: 'boom' }]);
    expect(reply.data).toEqual([{ run: 2, status: 'failed', startTime: null, durationSeconds: 90, openPorts: 0, error: 'boom' }]);
    expect(reply.table?.rows[0]).toEqual(['2', '❌ Failed', '—', '90s', '0', 'boom']);
  });

  it('logs: short logs inline, long logs as a file with the last lines inline', () => {
    const line = (i: number): RunLogLine => ({ at: `2026-11-22T01:00:${String(i % 60).padStart(2, '0')}.000Z`, level: i % 7 === 0 ? 'error' : 'info', message: `line ${i}` });
    const short = logsReply('SCAN-1', 1, [line(1), line(2)]);
    expect(short.files).toBeUndefined();
    const lines = Array.from({ length: INLINE_LOG_LINES + 10 }, (_, i) => line(i));
    const long = logsReply('SCAN-1', 1, lines);
    expect(long.files?.[0]?.name).toBe('SCAN-1-run-1.log');
    expect(long.files?.[0]?.data.toString().trim().split('\n')).toHaveLength(lines.length);
    expect(long.text?.join('\n')).toContain(`line ${lines.length - 1}`);
    expect(long.text?.join('\n')).not.toContain('line 3\n');
  });

  it('errors: each failed run with its error lines', () => {
    const reply = errorsReply('SCAN-1', [{ run: 4, error: 'masscan: permission denied', lines: [{ at: 'x', level: 'error', message: 'need NET_RAW' }] }]);
    expect(reply.fields).toEqual([{ label: 'Run 4', value: 'masscan: permission denied\n• need NET_RAW' }]);
    expect(errorsReply('SCAN-1', []).title).toBe('SCAN-1: no failed runs');
  });
});

describe('finding presenters', () => {
  it('vulns: most severe first, data { severity, title, ip, port, cves } (cves empty for findings that are no CVE match)', () => {
    const reply = vulnsReply('SCAN-1', [finding('info', 80), finding('critical', 6379, 'Redis exposed'), finding('medium', 22)]);
    expect(reply.data).toEqual([
      { severity: 'critical', title: 'Redis exposed', ip: '203.0.113.5', port: 6379, cves: [] },
      { severity: 'medium', title: 'f22', ip: '203.0.113.5', port: 22, cves: [] },
      { severity: 'info', title: 'f80', ip: '203.0.113.5', port: 80, cves: [] },
    ]);
    expect(reply.severity).toBe('critical');
  });

  it('vulns names the run its findings are from, and never says "nothing found" before a run completed', () => {
    expect(vulnsReply('SCAN-1', [finding('high', 22)], undefined, 3).title).toBe('SCAN-1 run 3: 1 finding');
    const none = vulnsReply('SCAN-1', [], undefined, null);
    expect(none.text).toEqual(['SCAN-1 has no completed run yet: there are no findings to list, and this is not an all-clear.']);
    expect(vulnsReply('SCAN-1', [], 'high', 2).text).toEqual(['Nothing found at this level.']);
  });

  it('diff: data { new, gone, changed } of { ip, port, protocol, service }', () => {
    const port = { ip: '203.0.113.5', port: 5432, protocol: 'tcp' as const, service: 'postgresql' };
    const reply = diffReply({
      scanId: 'SCAN-1', run: 3, baseRun: 2, new: [port], gone: [],
      changed: [{ ...port, port: 22, service: 'ssh', before: { service: 'ssh', product: 'OpenSSH', version: '8.9' }, after: { service: 'ssh', product: 'OpenSSH', version: '9.6' } }],
      notScannedNow: [], notScannedBefore: [], scannerChange: null,
    });
    expect(reply.data).toEqual({ new: [port], gone: [], changed: [{ ip: '203.0.113.5', port: 22, protocol: 'tcp', service: 'ssh' }] });
    expect(reply.title).toBe('SCAN-1 run 3 vs run 2: 1 new, 0 gone, 1 changed');
    expect(reply.table?.rows[1]?.[4]).toBe('ssh OpenSSH 8.9 → ssh OpenSSH 9.6');
  });
});

describe('error presenters', () => {
  it('refusals are ephemeral, failed, with the usage line; internal errors only show the reference', () => {
    const reply = errorReply({ code: 'BAD_INPUT', message: 'Missing TARGETS.', usage: '/scan create NAME TARGETS' });
    expect(reply).toMatchObject({ tone: 'error', ephemeral: true, failed: true, text: ['Missing TARGETS.', 'Usage: `/scan create NAME TARGETS`'] });
    const internal = errorReply({ code: 'INTERNAL', message: 'Something went wrong on our side (reference ERR-1).', reference: 'ERR-1' });
    expect(internal.data).toMatchObject({ reference: 'ERR-1' });
  });

  it('denied names the role needed and how to get it', () => {
    const reply = deniedReply('create', 'operator', 'viewer', { platform: 'slack', userId: 'U9', channelId: 'C1' });
    expect(reply.text?.join(' ')).toBe('`/scan create` needs the *operator* role; you are a viewer. An admin can grant it with `/scan role grant U9 operator`.');
    expect(reply).toMatchObject({ ephemeral: true, failed: true });
  });
});

describe('notification presenters', () => {
  const base = { scanId: 'SCAN-7', scanName: 'edge', runId: 70, run: 2, at: '2026-11-22T01:00:00Z' };

  it('failure alert: scan id, run, error, last error lines, buttons Logs and Rerun', () => {
    const reply = failureAlertReply({ ...base, type: 'run.finished', status: 'failed', error: 'masscan: permission denied', openPorts: 0, findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, durationSeconds: 3, lastErrors: ['a', 'b'] });
    expect(reply.title).toContain('SCAN-7');
    expect(reply.fields).toEqual(expect.arrayContaining([{ label: 'Run', value: '2', inline: true }, { label: 'Error', value: 'masscan: permission denied' }, { label: 'Last error lines', value: 'a\nb' }]));
    expect(reply.buttons?.map((b) => b.action)).toEqual(['scan.logs', 'scan.rerun']);
  });

  it('status message shows progress while running and the result at the end', () => {
    const running = statusMessageReply({ scanId: 'SCAN-7', scanName: 'edge', run: 2, status: 'running', percent: 50, phase: 'discovery' });
    expect(running.fields?.find((f) => f.label === 'Progress')?.value).toBe('▰▰▰▰▰▱▱▱▱▱ 50 % · discovery');
    expect(running.buttons?.[0]?.action).toBe('scan.stop');
    const done = completionReply({ ...base, type: 'run.finished', status: 'completed', error: null, openPorts: 3, findings: 1, severity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 }, durationSeconds: 95, lastErrors: [] });
    expect(done.title).toBe('SCAN-7 · edge: run 2 ✅ Done in 95s');
    expect(done.severity).toBe('critical');
  });

  it('scanners: online count (revoked ones aside), pool, missing tools, failed logins', () => {
    const caps = { masscan: null, nmap: '7.94', rawSockets: false, problems: ['no NET_RAW'] };
    const reply = scannersReply([
      { id: 'edge-1', pool: 'dmz', host: 'scan-1', version: '0.1.0', online: true, lastSeen: '2026-11-22T01:00:00Z', capabilities: caps, runningJobs: 1, revoked: false, failedAuthentications: 0 },
      { id: 'old', pool: 'default', host: 'scan-2', version: '0.1.0', online: false, lastSeen: null, capabilities: caps, runningJobs: 0, revoked: true, failedAuthentications: 3 },
    ]);
    expect(reply.title).toBe('1 of 1 scanner online');
    expect(reply.table?.rows[0]?.slice(0, 7)).toEqual(['edge-1', 'dmz', '🟢 online', '0.1.0', 'missing', '7.94', 'no']);
    expect(reply.table?.rows[1]).toEqual(['old', 'default', '⛔ revoked', '0.1.0', 'missing', '7.94', 'no', 'never', '0', '3']);
  });

  it('a new scanner\'s credential is an ephemeral reply', () => {
    const reply = scannerAddedReply({ name: 'edge-1', pool: 'dmz', redisUrl: 'redis://scanner-edge-1:secret@redis.example:6379' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.text?.join('\n')).toContain('redis://scanner-edge-1:secret@redis.example:6379');
  });
});
