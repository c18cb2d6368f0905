// Each run keeps the scan set it used (a migration's triggers copy it from the scan when the run is planned
// and when it starts), and ingest compares within what both runs scanned: findings on an excluded port are
// marked not_scanned (not gone, not counted), new-exposure alerts carry only ports both runs looked at,
// and a first look at widened ports is not new exposure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../core/events/run-events.js';
import { admin, finding, port, result, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx.database.drop();
});

const IP = '203.0.113.4';

async function runOnce(scanId: string, ports: ReturnType<typeof port>[], findings: ReturnType<typeof finding>[] = []) {
  if ((await ctx.sut.show(scanId)).status !== 'planned') await ctx.sut.rerun(admin, scanId);
  const row = await ctx.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id')
    .where('scans.public_id', '=', scanId).orderBy('runs.number', 'desc').executeTakeFirstOrThrow();
  await ctx.sut.markRunning(row.id, 'w1');
  await ctx.sut.finishRun(row.id, result(ports, findings));
  return row.id;
}

const exposures = (scanId: string) => ctx.events.filter((e): e is Extract<RunEvent, { type: 'run.new_exposure' }> => e.type === 'run.new_exposure' && e.scanId === scanId);

describe('runs keep their scan set', () => {
  it('records targets, ports, scanner and protocol when planned, and again when the run starts', async () => {
    const { scan, run } = await ctx.sut.create(admin, { name: 'kept', targets: IP, ports: '22,80', scanner: 'masscan' });
    const planned = await ctx.db.selectFrom('runs').selectAll().where('id', '=', run!.runId).executeTakeFirstOrThrow();
    expect(planned).toMatchObject({ scan_targets: [IP], scan_ports: '22,80', scan_scanner: 'masscan', scan_protocol: 'tcp' });
    await ctx.sut.update(admin, scan.id, { ports: '22,80,443', scanner: 'nmap' });
    await ctx.sut.markRunning(run!.runId, 'w1');
    const running = await ctx.db.selectFrom('runs').selectAll().where('id', '=', run!.runId).executeTakeFirstOrThrow();
    expect(running).toMatchObject({ scan_ports: '22,80,443', scan_scanner: 'nmap' });
    await ctx.sut.update(admin, scan.id, { ports: '1-100' });
    await ctx.sut.recordProgress(run!.runId, 50, 'discovery');
    expect((await ctx.db.selectFrom('runs').select('scan_ports').where('id', '=', run!.runId).executeTakeFirstOrThrow()).scan_ports).toBe('22,80,443');
  });

  it('an excluded port is not gone: its finding is not_scanned, outside every count, and no alert fires for it', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'excluded', targets: IP, ports: '1-10000' });
    const redis = port(IP, 6379, { service: 'redis' });
    const ssh = port(IP, 22, { service: 'ssh' });
    await runOnce(scan.id, [ssh, redis], [finding(redis, 'critical', 'exposed-redis'), finding(ssh, 'info', 'open-port')]);
    await ctx.sut.update(admin, scan.id, { ports: '1-10000,!6379' });
    const web = port(IP, 80, { service: 'http' });
    const second = await runOnce(scan.id, [ssh, web], [finding(ssh, 'info', 'open-port'), finding(web, 'low', 'plaintext-http')]);

    const marks = await ctx.db.selectFrom('findings').select(['port', 'change']).where('run_id', '=', second).orderBy('port').execute();
    expect(marks).toEqual([{ port: 22, change: 'unchanged' }, { port: 80, change: 'new' }, { port: 6379, change: 'not_scanned' }]);
    const shown = await ctx.sut.show(scan.id);
    expect(shown).toMatchObject({ findings: 2, resultsRun: 2, severity: { critical: 0, high: 0, medium: 0, low: 1, info: 1 } });
    expect((await ctx.sut.vulns(scan.id)).map((f) => f.port)).toEqual([80, 22]);
    const diff = await ctx.sut.diff(scan.id);
    expect(diff.gone).toEqual([]);
    expect(diff.notScannedNow.map((p) => p.port)).toEqual([6379]);
    const input = await ctx.sut.reportInput(scan.id);
    expect(input.notRechecked?.map((f) => [f.port, f.severity, f.change])).toEqual([[6379, 'critical', 'not_scanned']]);
    expect(input.findings.map((f) => f.port).sort()).toEqual([22, 80]);

    const alerts = exposures(scan.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.ports.map((p) => p.port)).toEqual([80]);
    expect(alerts[0]!.findings.map((f) => f.port)).toEqual([80]);

    // Still excluded in run 3: the finding stays not_scanned (carried, not dropped). Scanned again in run 4
    // and still open: unchanged, no alert — it was never fixed.
    const third = await runOnce(scan.id, [ssh, web], [finding(ssh, 'info', 'open-port'), finding(web, 'low', 'plaintext-http')]);
    expect((await ctx.db.selectFrom('findings').select(['port', 'change']).where('run_id', '=', third).where('port', '=', 6379).execute())).toEqual([{ port: 6379, change: 'not_scanned' }]);
    await ctx.sut.update(admin, scan.id, { ports: '1-10000' });
    const fourth = await runOnce(scan.id, [ssh, web, redis], [finding(ssh, 'info', 'open-port'), finding(web, 'low', 'plaintext-http'), finding(redis, 'critical', 'exposed-redis')]);
    expect((await ctx.db.selectFrom('findings').select(['port', 'change']).where('run_id', '=', fourth).where('port', '=', 6379).execute())).toEqual([{ port: 6379, change: 'unchanged' }]);
    expect(exposures(scan.id)).toHaveLength(1);
    expect((await ctx.sut.show(scan.id)).severity.critical).toBe(1);
  });

  it('widening the ports finds a port first looked at: not new exposure, no alert; a later closure there is gone', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'widened', targets: IP, ports: '1-1000' });
    await runOnce(scan.id, [port(IP, 22)]);
    await ctx.sut.update(admin, scan.id, { ports: '1-10000' });
    const mongo = port(IP, 5000, { service: 'http' });
    await runOnce(scan.id, [port(IP, 22), mongo], [finding(mongo, 'high', 'exposed-admin')]);
    const d2 = await ctx.sut.diff(scan.id);
    expect(d2).toMatchObject({ new: [], gone: [] });
    expect(d2.notScannedBefore.map((p) => p.port)).toEqual([5000]);
    expect(exposures(scan.id)).toEqual([]);
    await runOnce(scan.id, [port(IP, 22)]);
    expect((await ctx.sut.diff(scan.id)).gone.map((p) => p.port)).toEqual([5000]);
  });

  it('another scanner is not a changed service, and the diff says the scanners differ', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'switched', targets: IP, ports: '1-10000', scanner: 'masscan' });
    await runOnce(scan.id, [port(IP, 8080)]);
    await ctx.sut.update(admin, scan.id, { scanner: 'nmap' });
    await runOnce(scan.id, [port(IP, 8080, { service: 'http', product: 'SimpleHTTPServer' })]);
    const d = await ctx.sut.diff(scan.id);
    expect(d).toMatchObject({ new: [], gone: [], changed: [], scannerChange: { before: 'masscan', after: 'nmap' } });
  });
});
