// Reports, show, vulns and diff tell the truth about real runs on a test host running an exposed Redis
// (a critical finding): while a rerun is running, after a cancelled run and after a failed (timed-out) run
// they still report the latest completed run's critical and name what happened since; excluding the Redis
// port and rerunning never calls it gone, while a port that really opened is new; and every view counts
// the same findings of the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../core/reports/build-report.js';
import type { ReportFormat, ReportKind } from '../../../core/reports/report-input.js';
import { showReply } from '../../../bot/presenters/scan.js';
import { diffReply } from '../../../bot/presenters/findings.js';
import { waitForPort } from '../../helpers/netns.js';
import { admin, createHarness, type Harness } from './harness.js';

const NEW_PORT = 9090;
let h: Harness;
let late: ChildProcess | undefined;
let scanId = '';

beforeAll(async () => {
  h = await createHarness({ servers: ['http', 'redis', 'ssh'] });
  await h.startWorker();
}, 60_000);
afterAll(async () => {
  if (late?.pid && late.exitCode === null) late.kill('SIGKILL');
  await h?.destroy();
}, 60_000);

async function report(kind: ReportKind, format: ReportFormat = 'md'): Promise<string> {
  return (await buildReport(kind, format, await h.service.reportInput(scanId))).data.toString('utf8');
}

const ended = (r: { status: string }) => r.status !== 'planned' && r.status !== 'running';

/** The critical Redis of run 1 is still what every view reports, and the state of `run` is named. */
async function expectRun1Reported(state: RegExp): Promise<void> {
  const shown = await h.service.show(scanId);
  expect(shown.resultsRun).toBe(1);
  expect(shown.severity.critical).toBeGreaterThanOrEqual(1);
  expect(showReply(shown).text?.join(' ')).toMatch(/from run 1, the latest completed run/);
  const vulns = await h.service.vulns(scanId);
  expect(vulns.some((f) => f.severity === 'critical' && f.port === 6379)).toBe(true);
  for (const kind of ['executive', 'technical', 'remediation'] as const) {
    const md = await report(kind);
    expect(md).toMatch(/Results of run 1, completed/);
    expect(md).toMatch(state);
    expect(md).not.toMatch(/No open ports found|Nothing to fix/);
  }
  const executive = await report('executive');
  expect(executive).toMatch(/Critical risk/);
  expect(executive).toMatch(/Redis/);
}

describe('reports speak for the latest completed run', () => {
  it('run 1 completes with a critical exposed Redis', async () => {
    const ports = [...h.host.openPorts, NEW_PORT].join(',');
    const { scan } = await h.service.create(admin, { name: 'truth', targets: h.host.ip, ports, scanner: 'nmap', rate: 500 });
    scanId = scan.id;
    const done = await h.waitForRun(scanId, 1, ended, 90_000);
    expect(done.status).toBe('completed');
    const vulns = await h.service.vulns(scanId);
    expect(vulns.filter((f) => f.severity === 'critical').map((f) => f.port)).toContain(6379);
  }, 120_000);

  it('while run 2 is running, and after it is cancelled, the reports and show still carry run 1', async () => {
    await h.service.update(admin, scanId, { scanner: 'masscan', ports: '1-30000', rate: 100 });
    await h.service.rerun(admin, scanId);
    await h.waitForShow(scanId, (s) => s.status === 'running', 30_000);
    await expectRun1Reported(/run 2 is running/);
    await h.service.stop(admin, scanId);
    expect((await h.waitForRun(scanId, 2, ended, 20_000)).status).toBe('cancelled');
    await expectRun1Reported(/run 2 was cancelled/);
  }, 120_000);

  it('after run 3 fails on its timeout, the reports and show still carry run 1 and say it failed', async () => {
    await h.service.update(admin, scanId, { scanner: 'nmap', ports: '1-65535', rate: 100, timeoutSeconds: 10 });
    await h.service.rerun(admin, scanId);
    const run3 = await h.waitForRun(scanId, 3, ended, 60_000);
    expect(run3.status).toBe('failed');
    await expectRun1Reported(/run 3 failed/);
    expect(await report('executive')).toMatch(/timed out/);
  }, 120_000);

  it('excluding the Redis port is "not scanned in run 4", never gone; a port that opened is new', async () => {
    late = spawn('ip', ['netns', 'exec', h.host.netns, 'python3', '-m', 'http.server', String(NEW_PORT), '--bind', h.host.ip], { stdio: 'ignore' });
    await waitForPort(h.host.ip, NEW_PORT);
    await h.service.update(admin, scanId, { ports: `${[...h.host.openPorts, NEW_PORT].join(',')},!6379`, timeoutSeconds: 600, rate: 500 });
    await h.service.rerun(admin, scanId);
    expect((await h.waitForRun(scanId, 4, ended, 90_000)).status).toBe('completed');

    const diff = await h.service.diff(scanId);
    expect(diff).toMatchObject({ run: 4, baseRun: 1, gone: [], changed: [] });
    expect(diff.new.map((p) => p.port)).toEqual([NEW_PORT]);
    expect(diff.notScannedNow.map((p) => p.port)).toEqual([6379]);
    const reply = diffReply(diff);
    expect(reply.table?.rows.map((r) => r[0])).toEqual(['➕ new', '◌ not scanned in run 4']);
    expect(JSON.stringify(reply.table)).not.toMatch(/gone/);

    const executive = await report('executive');
    if (process.env.DUMP_REPORT) console.log(executive);
    expect(executive).not.toMatch(/No longer exposed/);
    expect(executive).toMatch(/Not scanned in run 4/);
    expect(executive).toMatch(/not re-checked, not fixed/);
    expect(executive).toMatch(new RegExp(`Newly exposed\\*\\* — ${h.host.ip.replaceAll('.', '\\.')}:${NEW_PORT}/tcp`));
    const input = await h.service.reportInput(scanId);
    expect(input.notRechecked?.map((f) => [f.port, f.severity])).toContainEqual([6379, 'critical']);
  }, 120_000);

  it('vulns, show, list and every report count the same findings of the same run', async () => {
    for (const run of [1, 4]) {
      const vulns = await h.service.vulns(scanId, { run });
      const input = await h.service.reportInput(scanId, { run });
      const json = JSON.parse((await buildReport('technical', 'json', input)).data.toString('utf8')) as { report: { totals: { findings: number }; severity: Record<string, number> } };
      expect(json.report.totals.findings).toBe(vulns.length);
      expect(input.findings.length).toBe(vulns.length);
      expect(input.scan.findings).toBe(vulns.length);
      const bySeverity = (sev: string) => vulns.filter((f) => f.severity === sev).length;
      for (const sev of ['critical', 'high', 'medium', 'low', 'info']) expect(json.report.severity[sev]).toBe(bySeverity(sev));
    }
    const latest = await h.service.vulns(scanId);
    const shown = await h.service.show(scanId);
    const listed = (await h.service.list()).scans.find((s) => s.id === scanId)!;
    expect(shown.resultsRun).toBe(4);
    expect(shown.findings).toBe(latest.length);
    expect(listed.findings).toBe(latest.length);
    expect(listed.severity).toEqual(shown.severity);
    expect((await h.service.vulns(scanId, { min: 'high' })).every((f) => f.severity === 'critical' || f.severity === 'high')).toBe(true);
    expect(latest.some((f) => f.change === 'gone' || f.change === 'not_scanned')).toBe(false);
  }, 60_000);
});
