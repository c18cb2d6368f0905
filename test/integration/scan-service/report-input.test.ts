// ScanService.reportInput against real PostgreSQL: the open ports, findings, summary, diff and trend of the
// run asked for (default the latest), an unknown run refused, a scan that never ran reported empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../core/reports/build-report.js';
import { UserError } from '../../../core/errors.js';
import { admin, finding, port, result, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx.database.drop();
});

async function finishLatest(scanId: string, ports: ReturnType<typeof port>[], findings: ReturnType<typeof finding>[]) {
  if ((await ctx.sut.show(scanId)).status !== 'planned') await ctx.sut.rerun(admin, scanId);
  const row = await ctx.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id')
    .where('scans.public_id', '=', scanId).orderBy('runs.number', 'desc').executeTakeFirstOrThrow();
  await ctx.sut.markRunning(row.id, 'w1');
  await ctx.sut.finishRun(row.id, result(ports, findings));
}

describe('reportInput', () => {
  const ssh = port('203.0.113.1', 22, { service: 'ssh' });
  const redis = port('203.0.113.1', 6379, { service: 'redis' });
  const web = port('203.0.113.2', 443, { service: 'https', product: 'nginx' });

  it('returns the open ports and findings of the run asked for, and of the latest run by default (gone findings are not findings of it)', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'report-input', targets: '203.0.113.0/30', ports: '1-10000' });
    await finishLatest(scan.id, [ssh, redis], [finding(redis, 'critical'), finding(ssh, 'info')]);
    await finishLatest(scan.id, [ssh, web], [finding(web, 'medium'), finding(ssh, 'info')]);

    const first = await ctx.sut.reportInput(scan.id, { run: 1 });
    expect(first.openPorts.map((p) => `${p.ip}:${p.port}`)).toEqual(['203.0.113.1:22', '203.0.113.1:6379']);
    expect(first.findings.map((f) => [f.severity, f.port])).toEqual([['critical', 6379], ['info', 22]]);
    expect(first.scan).toMatchObject({ id: scan.id, run: 1, status: 'completed', findings: 2, openPorts: 2, severity: { critical: 1, medium: 0, info: 1 } });
    expect(first.diff?.baseRun ?? null).toBeNull();
    expect(first.trend.map((t) => t.run)).toEqual([1]);

    const latest = await ctx.sut.reportInput(scan.id);
    expect(latest.scan).toMatchObject({ run: 2, findings: 2, severity: { critical: 0, medium: 1, info: 1 } });
    expect(latest.openPorts.map((p) => `${p.ip}:${p.port}`)).toEqual(['203.0.113.1:22', '203.0.113.2:443']);
    expect(latest.openPorts[1]).toMatchObject({ service: 'https', product: 'nginx' });
    expect(latest.findings.map((f) => [f.severity, f.port, f.change])).toEqual([['medium', 443, 'new'], ['info', 22, 'unchanged']]);
    expect(latest.diff).toMatchObject({ run: 2, baseRun: 1, new: [{ port: 443 }], gone: [{ port: 6379 }] });
    expect(latest.history.map((h) => h.run)).toEqual([1, 2]);
    expect(latest.trend.map((t) => [t.run, t.severity.critical, t.severity.medium])).toEqual([[1, 1, 0], [2, 0, 1]]);

    const pdf = await buildReport('executive', 'pdf', first);
    expect(pdf.name).toBe(`${scan.id}-run-1-executive.pdf`);
    expect(pdf.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a run that does not exist and reports a scan that never ran as empty', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'never-ran', targets: '203.0.113.3', ports: '80', schedule: '0 3 * * 1' });
    await expect(ctx.sut.reportInput(scan.id, { run: 9 })).rejects.toThrow(UserError);
    const empty = await ctx.sut.reportInput(scan.id);
    expect(empty).toMatchObject({ findings: [], openPorts: [], diff: null, trend: [], history: [] });
    expect(empty.scan.run).toBeNull();
    await expect(ctx.sut.reportInput('SCAN-999999')).rejects.toThrow(/does not exist/);
  });
});
