// Results against real PostgreSQL: diff across runs, idempotent ingest of a retried job, a million open
// ports in one ingest, delete removing everything of a scan, retention, and scope refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { admin, finding, port, result, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx.database.drop();
});

async function runOnce(scanId: string, ports: ReturnType<typeof port>[], findings: ReturnType<typeof finding>[] = []) {
  if ((await ctx.sut.show(scanId)).status !== 'planned') await ctx.sut.rerun(admin, scanId);
  const row = await ctx.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id')
    .where('scans.public_id', '=', scanId).orderBy('runs.number', 'desc').executeTakeFirstOrThrow();
  await ctx.sut.markRunning(row.id, 'w1');
  return { runId: row.id, summary: await ctx.sut.finishRun(row.id, result(ports, findings)) };
}

async function count(table: 'open_ports' | 'findings' | 'run_logs' | 'chat_messages', runId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE run_id = ${runId}`.execute(ctx.db);
  return rows[0]!.n;
}

describe('results', () => {
  it('diff marks new, gone and changed ports and findings across three runs', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'diff', targets: '203.0.113.0/29', ports: '1-10000' });
    const ssh = port('203.0.113.1', 22, { service: 'ssh', version: '8.9' });
    const web = port('203.0.113.1', 80, { service: 'http' });
    const db = port('203.0.113.2', 5432, { service: 'postgresql' });
    await runOnce(scan.id, [ssh, web], [finding(web, 'info')]);
    await runOnce(scan.id, [{ ...ssh, version: '9.6' }, db], [finding(db, 'critical')]);
    const d2 = await ctx.sut.diff(scan.id);
    expect(d2.baseRun).toBe(1);
    expect(d2.new).toEqual([{ ip: '203.0.113.2', port: 5432, protocol: 'tcp', service: 'postgresql' }]);
    expect(d2.gone).toEqual([{ ip: '203.0.113.1', port: 80, protocol: 'tcp', service: 'http' }]);
    expect(d2.changed).toMatchObject([{ port: 22, before: { version: '8.9' }, after: { version: '9.6' } }]);
    expect(ctx.events.filter((e) => e.type === 'run.new_exposure' && e.scanId === scan.id)).toHaveLength(1);
    const vulns = await ctx.sut.vulns(scan.id);
    // The run's current findings only: the info finding on 80 is gone, recorded on the run but not one of its findings.
    expect(vulns.map((v) => [v.severity, v.port, v.change])).toEqual([['critical', 5432, 'new']]);
    await runOnce(scan.id, [{ ...ssh, version: '9.6' }, db], [finding(db, 'critical')]);
    const d3 = await ctx.sut.diff(scan.id);
    expect(d3).toMatchObject({ run: 3, baseRun: 2, new: [], gone: [], changed: [] });
    expect((await ctx.sut.diff(scan.id, { run: 2 })).baseRun).toBe(1);
    expect(ctx.events.filter((e) => e.type === 'run.new_exposure' && e.scanId === scan.id)).toHaveLength(1);
    const shown = await ctx.sut.show(scan.id);
    expect(shown).toMatchObject({ status: 'completed', findings: 1, openPorts: 2, run: 3, severity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 } });
  });

  it('a retried job ingests exactly one copy, sequentially and concurrently', async () => {
    const { scan, run } = await ctx.sut.create(admin, { name: 'retry', targets: '203.0.113.3', ports: '1-100' });
    await ctx.sut.markRunning(run!.runId, 'w1');
    const ports = Array.from({ length: 50 }, (_, i) => port('203.0.113.3', i + 1));
    const outcome = result(ports, [finding(ports[0]!, 'high')]);
    await Promise.all([ctx.sut.finishRun(run!.runId, outcome), ctx.sut.finishRun(run!.runId, outcome)]);
    await ctx.sut.finishRun(run!.runId, outcome);
    expect(await count('open_ports', run!.runId)).toBe(50);
    expect(await count('findings', run!.runId)).toBe(1);
    expect(ctx.events.filter((e) => e.type === 'run.finished' && e.scanId === scan.id)).toHaveLength(1);
  });

  it('ingests 1,000,000 open ports in one run', { timeout: 300_000 }, async () => {
    const { run } = await ctx.sut.create(admin, { name: 'huge', targets: '203.0.113.0/28', ports: 'all' });
    await ctx.sut.markRunning(run!.runId, 'w1');
    const ports = Array.from({ length: 1_000_000 }, (_, i) => port(`203.0.113.${i % 16}`, (i >> 4) + 1, i % 3 === 0 ? { banner: 'SSH-2.0\tx\n\\y\u0000', scripts: { k: 'v' } } : {}));
    const summary = await ctx.sut.finishRun(run!.runId, result(ports));
    expect(summary.openPorts).toBe(1_000_000);
    expect(await count('open_ports', run!.runId)).toBe(1_000_000);
    const sample = await ctx.db.selectFrom('open_ports').select(['banner', 'scripts']).where('run_id', '=', run!.runId).where('port', '=', 1).where('ip', '=', '203.0.113.0').executeTakeFirstOrThrow();
    expect(sample).toEqual({ banner: 'SSH-2.0\tx\n\\y', scripts: { k: 'v' } });
  });

  it('delete removes everything of a scan', async () => {
    const { scan } = await ctx.sut.create(admin, { name: 'gone', targets: '203.0.113.4', ports: '22' });
    const { runId } = await runOnce(scan.id, [port('203.0.113.4', 22)], [finding(port('203.0.113.4', 22), 'low')]);
    await ctx.sut.appendLogs(runId, [{ at: new Date(), level: 'info', message: 'hello' }]);
    await ctx.sut.rememberStatusMessage(runId, 'slack', 'C1', '123.456');
    await ctx.sut.delete(admin, scan.id);
    await expect(ctx.sut.show(scan.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const table of ['open_ports', 'findings', 'run_logs', 'chat_messages'] as const) expect(await count(table, runId)).toBe(0);
    expect(await ctx.db.selectFrom('runs').select('id').where('id', '=', runId).execute()).toEqual([]);
  });

  it('targets outside the registered scope are refused with the command that would allow them', async () => {
    await expect(ctx.sut.create(admin, { name: 'out', targets: '203.0.113.16/28', ports: '80' })).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
      message: expect.stringContaining('/scan scope add 203.0.113.16/28'),
    });
    await expect(ctx.sut.create(admin, { name: 'private', targets: '10.0.0.1', ports: '80' })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await ctx.sut.scopeAdd(admin, '203.0.113.16/28');
    expect((await ctx.sut.create(admin, { name: 'in', targets: '203.0.113.16/28', ports: '80' })).run?.status).toBe('planned');
  });

  it('reports a mistyped option before the scope question, which may need an admin', async () => {
    await expect(ctx.sut.create(admin, { name: 'typo', targets: '198.51.100.0/30', ports: '80,abc' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('Invalid port spec "abc"'),
    });
  });

  it('validates timeouts, rates and schedules', async () => {
    await expect(ctx.sut.create(admin, { name: 't', targets: '203.0.113.5', timeoutSeconds: 7201 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(ctx.sut.create(admin, { name: 't', targets: '203.0.113.5', schedule: 'every day' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(ctx.sut.create(admin, { name: 't', targets: '203.0.113.5', schedule: '0 3 * * *', timezone: 'Mars/Olympus' })).rejects.toThrow(/time zone/);
    const scheduled = await ctx.sut.create(admin, { name: 's', targets: '203.0.113.5', schedule: '0 3 * * 1', timezone: 'Europe/Paris' });
    expect(scheduled.run).toBeNull();
    expect(ctx.dispatcher.schedules.get(scheduled.scan.id)).toEqual({ cron: '0 3 * * 1', timezone: 'Europe/Paris' });
    expect(scheduled.scan.config).toMatchObject({ timeoutSeconds: 3600, portTimeoutMs: 1500, rate: 1000 });
  });
});

describe('retention', () => {
  it('keeps RUN_RETENTION runs per scan', async () => {
    const own = await serviceOnFreshDatabase({ retention: 2 });
    try {
      const { scan, run } = await own.sut.create(admin, { name: 'keep', targets: '203.0.113.6', ports: '80' });
      let runId = run!.runId;
      for (let i = 0; i < 4; i++) {
        if (i > 0) runId = (await own.sut.rerun(admin, scan.id)).runId;
        await own.sut.markRunning(runId, 'w');
        await own.sut.finishRun(runId, result([port('203.0.113.6', 80)]));
      }
      expect((await own.sut.history(scan.id)).map((r) => r.run)).toEqual([3, 4]);
    } finally {
      await own.database.drop();
    }
  });
});
