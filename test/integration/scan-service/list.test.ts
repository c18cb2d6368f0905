// `/scan list` against real PostgreSQL: pages newest activity first with the total, a rerun moves a scan to
// the top, the status filter reads each scan's latest run, counts come from the latest run with results,
// out-of-range paging is refused, and migration 2026112203 backfills latest_run_id/activity_at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { migrations } from '../../../db/migrations/index.js';
import { createTestDatabase } from '../../helpers/database.js';
import { admin, finding, port, result, serviceOnFreshDatabase } from './support.js';

let ctx: Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
});
afterAll(async () => {
  await ctx.database.drop();
});

async function create(name: string, extra: { schedule?: string } = {}): Promise<string> {
  return (await ctx.sut.create(admin, { name, targets: '203.0.113.0/29', ports: '80', ...extra })).scan.id;
}

async function latestRunId(scanId: string): Promise<number> {
  const row = await ctx.db.selectFrom('runs').innerJoin('scans', 'scans.id', 'runs.scan_id').select('runs.id')
    .where('scans.public_id', '=', scanId).orderBy('runs.number', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

/** The worker's path to a failed run: planned → running → failed. */
async function failLatest(scanId: string, error: string): Promise<void> {
  const runId = await latestRunId(scanId);
  await ctx.sut.markRunning(runId, 'w1');
  await ctx.sut.failRun(runId, error);
}

async function allPages(limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const got = await ctx.sut.list({ limit, page });
    if (got.scans.length === 0) return ids;
    ids.push(...got.scans.map((s) => s.id));
  }
}

describe('list', () => {
  const created: string[] = [];

  it('pages newest activity first with the total; a page past the end is empty', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) created.push(await create(name));
    created.push(await create('scheduled', { schedule: '0 3 * * *' }));
    const newestFirst = [...created].reverse();

    const first = await ctx.sut.list({ limit: 3 });
    expect(first).toMatchObject({ total: 7, page: 1, limit: 3 });
    expect(first.scans.map((s) => s.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.scans[0]).toMatchObject({ name: 'scheduled', status: null, run: null });
    expect(first.scans[1]).toMatchObject({ name: 'f', status: 'planned', run: 1 });

    const third = await ctx.sut.list({ limit: 3, page: 3 });
    expect(third.scans.map((s) => s.id)).toEqual(newestFirst.slice(6));
    expect(await ctx.sut.list({ limit: 3, page: 4 })).toMatchObject({ scans: [], total: 7, page: 4 });
    expect(await allPages(2)).toEqual(newestFirst);

    const byDefault = await ctx.sut.list();
    expect(byDefault).toMatchObject({ total: 7, page: 1, limit: 25 });
    expect(byDefault.scans).toHaveLength(7);
  });

  it('a new run is new activity: the scan moves to the top', async () => {
    const oldest = created[0]!;
    await failLatest(oldest, 'tool crashed');
    await ctx.sut.rerun(admin, oldest);
    const { scans } = await ctx.sut.list({ limit: 2 });
    expect(scans.map((s) => s.id)).toEqual([oldest, created[6]]);
    expect(scans[0]).toMatchObject({ status: 'planned', run: 2 });
  });

  it('status= filters on the latest run of each scan, with its own total and paging', async () => {
    const [, second, third] = created;
    await failLatest(second!, 'boom');
    await failLatest(third!, 'boom');
    const failed = await ctx.sut.list({ status: 'failed' });
    expect(failed.total).toBe(2);
    expect(failed.scans.map((s) => s.id)).toEqual([third, second]);
    expect(failed.scans.every((s) => s.status === 'failed' && s.error === 'boom')).toBe(true);
    expect((await ctx.sut.list({ status: 'failed', limit: 1, page: 2 })).scans.map((s) => s.id)).toEqual([second]);
    // created[0] failed once, but its latest run is planned again: not a failed scan.
    expect((await ctx.sut.list({ status: 'planned' })).scans.map((s) => s.id)).toContain(created[0]);
    expect((await ctx.sut.list({ status: 'running' })).total).toBe(0);
  });

  it('findings and severities come from the latest run with results, also while a new run is planned', async () => {
    const id = created[3]!;
    const runId = await latestRunId(id);
    await ctx.sut.markRunning(runId, 'w1');
    const p = port('203.0.113.2', 6379);
    await ctx.sut.finishRun(runId, result([p, port('203.0.113.2', 80)], [finding(p, 'critical'), finding(p, 'info', 'banner')]));
    await ctx.sut.rerun(admin, id);
    const [top] = (await ctx.sut.list({ limit: 1 })).scans;
    expect(top).toMatchObject({ id, status: 'planned', run: 2, findings: 2, openPorts: 2, severity: { critical: 1, high: 0, medium: 0, low: 0, info: 1 } });
  });

  it('refuses limits and pages out of range with what to type', async () => {
    for (const filter of [{ limit: 0 }, { limit: 201 }, { limit: 2.5 }, { page: 0 }]) {
      await expect(ctx.sut.list(filter)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('/scan list') });
    }
    expect((await ctx.sut.list({ limit: 200 })).limit).toBe(200);
  });
});

describe('migration 2026112203_scan_activity', () => {
  it('backfills latest run and activity of existing scans, then the trigger keeps them', async () => {
    const database = await createTestDatabase({ template: null });
    try {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('2026112202_result_cascade_trigger')).error).toBeUndefined();
      await sql`
        INSERT INTO scans (id, name, targets, ports, scanner, rate, timeout_seconds, port_timeout_ms, protocol, created_by_platform, created_by, created_channel, created_at)
        VALUES (1001, 'ran', ARRAY['203.0.113.0/29'], '80', 'nmap', 100, 60, 1500, 'tcp', 'slack', 'U1', 'C1', now() - interval '3 days'),
               (1002, 'never', ARRAY['203.0.113.0/29'], '80', 'nmap', 100, 60, 1500, 'tcp', 'slack', 'U1', 'C1', now() - interval '2 days');
        INSERT INTO runs (scan_id, number, status, trigger, created_at) VALUES
          (1001, 1, 'completed', 'create', now() - interval '3 days'), (1001, 2, 'failed', 'rerun', now() - interval '1 day')`.execute(database.db);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const order = async () => (await sql<{ id: number; number: number | null }>`
        SELECT s.id, r.number FROM scans s LEFT JOIN runs r ON r.id = s.latest_run_id ORDER BY s.activity_at DESC, s.id DESC`.execute(database.db)).rows;
      expect(await order()).toEqual([{ id: 1001, number: 2 }, { id: 1002, number: null }]);

      // One statement inserting runs out of order still leaves the highest number as the latest.
      await sql`INSERT INTO runs (scan_id, number, status, trigger) VALUES (1002, 2, 'planned', 'rerun'), (1002, 1, 'completed', 'create')`.execute(database.db);
      expect(await order()).toEqual([{ id: 1002, number: 2 }, { id: 1001, number: 2 }]);
    } finally {
      await database.drop();
    }
  });
});
