// The port diff stored at ingest (open_port_diffs) against real PostgreSQL: ingest stores it, /scan diff
// reads it, it equals the engine's diff of the two runs' full port lists (order included, IPv4 and IPv6),
// a diff not stored yet is computed and stored on first use, and deleting either run drops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { deleteOpenPorts, differingOpenPorts, openPortsOfRun } from '../../../db/repositories/open-port.repository.js';
import { portView, openPortOf } from '../../../core/scans/scan-views.js';
import { diffPortsWithin } from '../../../scanner/diff.js';
import type { OpenPort } from '../../../scanner/types.js';
import { admin, port, result, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx.database.drop();
});

async function runOnce(scanId: string, ports: OpenPort[]): Promise<number> {
  if ((await ctx.sut.show(scanId)).status !== 'planned') await ctx.sut.rerun(admin, scanId);
  const row = await ctx.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id')
    .where('scans.public_id', '=', scanId).orderBy('runs.number', 'desc').executeTakeFirstOrThrow();
  await ctx.sut.markRunning(row.id, 'w1');
  await ctx.sut.finishRun(row.id, result(ports));
  return row.id;
}

async function stored(): Promise<Array<{ run_id: number; base_run_id: number }>> {
  const { rows } = await sql<{ run_id: number; base_run_id: number }>`SELECT run_id, base_run_id FROM open_port_diffs ORDER BY run_id, base_run_id`.execute(ctx.db);
  return rows;
}

/**
 * The diff as the engine computes it over both runs' full port lists: the reference the stored diff must
 * match. Both runs scanned 203.0.113.0/28 ports 1-1000 over TCP and UDP, so the IPv6 hosts lie outside both scan sets.
 */
async function referenceDiff(baseRunId: number, runId: number) {
  const inScanSet = (p: OpenPort) => !p.ip.includes(':');
  const scope = { previousCovers: inScanSet, currentCovers: inScanSet, compareDetails: true };
  const d = diffPortsWithin((await openPortsOfRun(ctx.db, baseRunId)).map(openPortOf), (await openPortsOfRun(ctx.db, runId)).map(openPortOf), scope);
  const detail = (p: OpenPort) => ({ service: p.service ?? null, product: p.product ?? null, version: p.version ?? null });
  return {
    new: d.new.map(portView), gone: d.gone.map(portView), changed: d.changed.map((c) => ({ ...portView(c.after), before: detail(c.before), after: detail(c.after) })),
    notScannedNow: d.notScannedNow.map(portView), notScannedBefore: d.notScannedBefore.map(portView),
  };
}

/** Deterministic pseudo-random ports over a few IPv4 and IPv6 hosts, tcp and udp. */
function portsOf(seed: number, n: number): OpenPort[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  const hosts = ['203.0.113.1', '203.0.113.2', '203.0.113.10', '2001:db8::1', '2001:db8::a'];
  const byKey = new Map<string, OpenPort>();
  for (let i = 0; i < n; i++) {
    const ip = hosts[next() % hosts.length]!;
    const p = port(ip, 1 + (next() % 200), { protocol: next() % 4 === 0 ? 'udp' : 'tcp' });
    const r = next() % 6;
    if (r > 0) p.service = ['http', 'ssh', 'dns', 'smtp', 'imap'][r - 1]!;
    if (r > 2) p.version = `1.${next() % 3}`;
    byKey.set(`${p.ip} ${p.port} ${p.protocol}`, p);
  }
  return [...byKey.values()];
}

describe('stored port diff', () => {
  it('ingest stores the diff against the base run and /scan diff returns what the engine computes from all ports', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'stored', targets: '203.0.113.0/28', ports: '1-1000', protocol: 'both' });
    const first = await runOnce(scan.id, portsOf(1, 400));
    expect(await stored()).toEqual([]); // a first run has no base run
    const second = await runOnce(scan.id, portsOf(2, 400));
    expect(await stored()).toEqual([{ run_id: second, base_run_id: first }]);

    const reference = await referenceDiff(first, second);
    expect(reference.new.length).toBeGreaterThan(3);
    expect(reference.gone.length).toBeGreaterThan(3);
    expect(reference.changed.length).toBeGreaterThan(3);
    expect(reference.notScannedBefore.some((p) => p.ip.includes(':'))).toBe(true);
    expect(reference.notScannedNow.some((p) => p.ip.includes(':'))).toBe(true);
    const d = await ctx.sut.diff(scan.id);
    expect(d).toMatchObject({ run: 2, baseRun: 1 });
    expect({ new: d.new, gone: d.gone, changed: d.changed, notScannedNow: d.notScannedNow, notScannedBefore: d.notScannedBefore }).toEqual(reference);

    // Computed again from the ports when nothing is stored: same answer, and stored for next time.
    await sql`DELETE FROM open_port_diffs`.execute(ctx.db);
    expect(await ctx.sut.diff(scan.id)).toEqual(d);
    expect(await stored()).toEqual([{ run_id: second, base_run_id: first }]);
  });

  it('/scan diff reads the stored diff instead of joining the runs again', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'reads', targets: '203.0.113.3', ports: '1-100' });
    await runOnce(scan.id, [port('203.0.113.3', 22, { service: 'ssh' })]);
    const runId = await runOnce(scan.id, [port('203.0.113.3', 22, { service: 'ssh' }), port('203.0.113.3', 80, { service: 'http' })]);
    expect((await ctx.sut.diff(scan.id)).new).toEqual([{ ip: '203.0.113.3', port: 80, protocol: 'tcp', service: 'http' }]);
    await sql`UPDATE open_port_diffs SET current = '[["203.0.113.3", 81, "tcp", "open", "marker", null, null]]' WHERE run_id = ${runId}`.execute(ctx.db);
    expect((await ctx.sut.diff(scan.id)).new).toEqual([{ ip: '203.0.113.3', port: 81, protocol: 'tcp', service: 'marker' }]);
  });

  it('an identical rerun stores an empty diff; deleting a run or the scan drops its stored diffs', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'drops', targets: '203.0.113.4', ports: '1-1000' });
    const same = [port('203.0.113.4', 22, { service: 'ssh', version: '9.6' })];
    const r1 = await runOnce(scan.id, same);
    const r2 = await runOnce(scan.id, same);
    const r3 = await runOnce(scan.id, [...same, port('203.0.113.4', 443)]);
    expect(await ctx.sut.diff(scan.id, { run: 2 })).toMatchObject({ baseRun: 1, new: [], gone: [], changed: [] });
    const mine = async () => (await stored()).filter((r) => [r1, r2, r3].includes(r.run_id));
    expect(await mine()).toEqual([{ run_id: r2, base_run_id: r1 }, { run_id: r3, base_run_id: r2 }]);
    await ctx.db.deleteFrom('runs').where('id', '=', r2).execute();
    expect(await mine()).toEqual([]);
    expect(await ctx.sut.diff(scan.id)).toMatchObject({ run: 3, baseRun: 1, new: [{ port: 443 }], gone: [], changed: [] });
    expect(await mine()).toEqual([{ run_id: r3, base_run_id: r1 }]);
    await ctx.sut.delete(admin, scan.id);
    expect(await mine()).toEqual([]);
  });

  it('rewriting a run\'s open ports drops the diffs stored against the old rows', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'rewrite', targets: '203.0.113.5', ports: '1-100' });
    const r1 = await runOnce(scan.id, [port('203.0.113.5', 22)]);
    const r2 = await runOnce(scan.id, [port('203.0.113.5', 80)]);
    expect((await stored()).filter((r) => r.run_id === r2)).toEqual([{ run_id: r2, base_run_id: r1 }]);
    await ctx.db.transaction().execute((trx) => deleteOpenPorts(trx, r1));
    expect((await stored()).filter((r) => r.run_id === r2)).toEqual([]);
    const d = await differingOpenPorts(ctx.db, r1, r2);
    expect({ base: d.base.length, current: d.current.map((p) => p.port) }).toEqual({ base: 0, current: [80] });
  });
});
