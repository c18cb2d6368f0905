// Results streamed by a scanner, applied by ingest on real PostgreSQL and Redis: a batch delivered twice
// (the same stream entry added twice, as a retrying scanner would) gives one copy of each row; a later
// batch re-delivering a port replaces it; reports from a scanner of another pool, or one the run is not
// assigned to, are refused; the run ends only once every shipped batch is in (or after the wait, saying so).
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngest, type RunningIngest } from '../../../control/ingest.js';
import { resultStreamKey } from '../../../core/events/scanner-keys.js';
import type { ScannerMessage } from '../../../core/events/scanner-stream.js';
import { connectRedis, type RedisClient } from '../../../core/redis.js';
import { createScannerReportSide } from '../../../core/scans/run-worker-side.js';
import { registerScanner } from '../../../db/repositories/scanner.repository.js';
import { serviceOnFreshDatabase, admin } from './support.js';

type Ctx = Awaited<ReturnType<typeof serviceOnFreshDatabase>>;
let ctx: Ctx;
let redis: RedisClient;
let ingest: RunningIngest;
let reports: ReturnType<typeof createScannerReportSide>;
const prefix = `pcl-stream-${randomUUID().slice(0, 8)}`;
const s1 = { name: 's1', pool: 'default' };
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  ctx = await serviceOnFreshDatabase();
  for (const s of [s1, { name: 's2', pool: 'default' }, { name: 'dmz1', pool: 'dmz' }]) await registerScanner(ctx.db, { id: s.name, pool: s.pool, credential_fingerprint: null, created_by: 'test' });
  reports = createScannerReportSide({ db: ctx.db, dispatcher: ctx.dispatcher, logger, publish: async () => {}, retention: 0 });
  redis = await connectRedis('redis://127.0.0.1:6379');
  ingest = await startIngest({ db: ctx.db, redisUrl: 'redis://127.0.0.1:6379', prefix, reports, logger, finishWaitMs: 1500, leaseMs: 3000 });
});
afterAll(async () => {
  await ingest?.close();
  for (const name of ['s1', 's2', 'dmz1']) await redis?.del([resultStreamKey(prefix, name), `${prefix}:ingest-lease:${name}`]);
  await redis?.quit();
  await ctx?.database.drop();
});

const port = (n: number, service?: string) => ({ ip: '203.0.113.5', port: n, protocol: 'tcp' as const, state: 'open', ...(service ? { service } : {}) });
const finding = (n: number) => ({ ruleId: `r-${n}`, severity: 'high' as const, title: `t${n}`, ip: '203.0.113.5', port: n, protocol: 'tcp' as const, evidence: 'e', remediation: 'r' });

async function rows(runId: number) {
  const ports = await ctx.db.selectFrom('open_ports').selectAll().where('run_id', '=', runId).orderBy('port').execute();
  const findings = await ctx.db.selectFrom('findings').selectAll().where('run_id', '=', runId).orderBy('port').execute();
  return { ports, findings };
}

async function send(scanner: string, message: ScannerMessage): Promise<void> {
  await redis.xAdd(resultStreamKey(prefix, scanner), '*', { m: JSON.stringify(message) });
}

async function plannedRun(name: string): Promise<{ scanId: string; runId: number }> {
  const { scan, run } = await ctx.sut.create(admin, { name, targets: '203.0.113.5', ports: '1-100' });
  return { scanId: scan.id, runId: run!.runId };
}

describe('streamed results', () => {
  it('a batch delivered twice gives one copy of each row; a re-delivered port replaces the earlier one', async () => {
    const { scanId, runId } = await plannedRun('twice');
    const at = new Date().toISOString();
    await send('s1', { t: 'started', at, runId, workerId: 'w1', chunk: null });
    const batch: ScannerMessage = { t: 'results', runId, batchId: 'job:aa:0', openPorts: [port(22), port(80), port(443)], findings: [finding(22), finding(80)] };
    await send('s1', batch);
    await send('s1', batch);
    await send('s1', { t: 'results', runId, batchId: 'job:aa:1', openPorts: [port(80, 'http')], findings: [] });
    await send('s1', { t: 'finish', runId, status: 'completed', warnings: [], progress: 100, startedAt: at, endedAt: new Date().toISOString(), shipped: [{ token: 'job:aa', count: 2 }] });
    await expect.poll(async () => (await ctx.sut.history(scanId))[0]?.status, { timeout: 10_000 }).toBe('completed');
    const stored = await rows(runId);
    expect(stored.ports.map((p) => p.port)).toEqual([22, 80, 443]);
    expect(stored.ports.find((p) => p.port === 80)?.service).toBe('http');
    // Port 80 came again with no findings: its earlier finding went with it (a batch carries all of its ports' findings).
    expect(stored.findings.map((f) => [f.port, f.change])).toEqual([[22, 'new']]);
    expect((await ctx.sut.show(scanId))).toMatchObject({ openPorts: 3, findings: 1, severity: { high: 1 } });
    expect(await redis.xLen(resultStreamKey(prefix, 's1'))).toBe(0);
  });

  it("counts the run's open ports from what each batch added (a re-delivered port is not counted twice)", async () => {
    const { scanId, runId } = await plannedRun('counted');
    await reports.started(s1, runId, 'w1');
    await reports.results(s1, runId, 'job:dd:0', [port(1), port(2), port(3)], []);
    // Port 3 again (replaced) and port 4 (added): the COPY fails on port 3, the upsert adds one row.
    await reports.results(s1, runId, 'job:dd:1', [port(3, 'x'), port(4)], []);
    await reports.results(s1, runId, 'job:dd:1', [port(3, 'x'), port(4)], []);
    const batches = await ctx.db.selectFrom('run_result_batches').select(['batch_id', 'port_rows']).where('run_id', '=', runId).orderBy('batch_id').execute();
    expect(batches).toEqual([{ batch_id: 'job:dd:0', port_rows: 3 }, { batch_id: 'job:dd:1', port_rows: 1 }]);
    const end = { status: 'completed' as const, warnings: [], progress: 100, startedAt: new Date(), endedAt: new Date() };
    expect(await reports.finish(s1, runId, end, [{ token: 'job:dd', count: 2 }], false)).toEqual({ applied: true });
    expect((await ctx.sut.history(scanId))[0]).toMatchObject({ status: 'completed', openPorts: 4 });
  });

  it('counts the rows themselves when a batch did not record what it added (applied before port_rows was kept)', async () => {
    const { scanId, runId } = await plannedRun('legacy-count');
    await reports.started(s1, runId, 'w1');
    await reports.results(s1, runId, 'job:ee:0', [port(1), port(2)], []);
    await ctx.db.updateTable('run_result_batches').set({ port_rows: null }).where('run_id', '=', runId).execute();
    const end = { status: 'completed' as const, warnings: [], progress: 100, startedAt: new Date(), endedAt: new Date() };
    expect(await reports.finish(s1, runId, end, [{ token: 'job:ee', count: 1 }], false)).toEqual({ applied: true });
    expect((await ctx.sut.history(scanId))[0]).toMatchObject({ status: 'completed', openPorts: 2 });
  });

  it("a re-delivered port's findings replace its earlier ones (hybrid: masscan's info finding, then nmap's critical)", async () => {
    const { scanId, runId } = await plannedRun('hybrid-phases');
    const at = new Date().toISOString();
    await send('s1', { t: 'started', at, runId, workerId: 'w1', chunk: null });
    const info = { ...finding(6379), ruleId: 'open-port', severity: 'info' as const, title: 'Open port 6379/tcp' };
    const critical = { ...finding(6379), ruleId: 'exposed-database', severity: 'critical' as const, title: 'Redis exposed' };
    await send('s1', { t: 'results', runId, batchId: 'job:cc:0', openPorts: [port(6379), port(22)], findings: [info, { ...finding(22), ruleId: 'open-port', severity: 'info' as const }] });
    await send('s1', { t: 'results', runId, batchId: 'job:cc:1', openPorts: [port(6379, 'redis')], findings: [critical] });
    await send('s1', { t: 'finish', runId, status: 'completed', warnings: [], progress: 100, startedAt: at, endedAt: new Date().toISOString(), shipped: [{ token: 'job:cc', count: 2 }] });
    await expect.poll(async () => (await ctx.sut.history(scanId))[0]?.status, { timeout: 10_000 }).toBe('completed');
    const stored = await rows(runId);
    expect(stored.findings.map((f) => [f.port, f.rule_id]).sort()).toEqual([[22, 'open-port'], [6379, 'exposed-database']]);
    expect(await ctx.sut.show(scanId)).toMatchObject({ findings: 2, severity: { critical: 1, info: 1 } });
  });

  it('refuses reports from another pool or from a scanner the run is not assigned to', async () => {
    const { runId } = await plannedRun('foreign');
    expect(await reports.started({ name: 'dmz1', pool: 'dmz' }, runId, 'w')).toMatchObject({ applied: false, reason: expect.stringMatching(/belongs to pool default/) });
    expect(await reports.started(s1, runId, 'w1')).toEqual({ applied: true });
    expect(await reports.results({ name: 's2', pool: 'default' }, runId, 'x:0', [port(1)], [])).toMatchObject({ applied: false, reason: expect.stringMatching(/not assigned to scanner s2/) });
    expect(await reports.results({ name: 'dmz1', pool: 'dmz' }, runId, 'x:1', [port(2)], [])).toMatchObject({ applied: false });
    expect((await rows(runId)).ports).toEqual([]);
  });

  it('ends a run only when its batches are in; after the wait it ends saying batches are missing', async () => {
    const { scanId, runId } = await plannedRun('missing');
    await reports.started(s1, runId, 'w1');
    await reports.results(s1, runId, 'job:bb:0', [port(8080)], []);
    const end = { status: 'completed' as const, warnings: [], progress: 100, startedAt: new Date(), endedAt: new Date() };
    expect(await reports.finish(s1, runId, end, [{ token: 'job:bb', count: 2 }], false)).toMatchObject({ applied: false, retry: true });
    expect(await reports.finish(s1, runId, end, [{ token: 'job:bb', count: 2 }], true)).toEqual({ applied: true });
    expect((await ctx.sut.history(scanId))[0]).toMatchObject({ status: 'completed', openPorts: 1 });
    expect((await ctx.sut.logs(scanId, { level: 'warning' })).lines.map((l) => l.message)).toContain("1 result batch(es) never arrived; the run's results may be incomplete");
  });

  it('drops malformed and oversized entries without stopping the stream', async () => {
    const { scanId, runId } = await plannedRun('hostile');
    await redis.xAdd(resultStreamKey(prefix, 's1'), '*', { m: '{not json' });
    await redis.xAdd(resultStreamKey(prefix, 's1'), '*', { m: JSON.stringify({ t: 'results', runId, batchId: 'h:0', openPorts: [{ ...port(1), banner: 'x'.repeat(30_000) }], findings: [] }) });
    await send('s1', { t: 'started', at: new Date().toISOString(), runId, workerId: 'w1', chunk: null });
    await expect.poll(async () => (await ctx.sut.history(scanId))[0]?.status, { timeout: 10_000 }).toBe('running');
    expect((await rows(runId)).ports).toEqual([]);
  });
});
