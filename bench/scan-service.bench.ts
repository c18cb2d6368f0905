// Scan service figures on a dedicated database: diff of two runs of 1,000,000 ports each
// (diff_1m_ports_seconds, target ≤ 2 s: the second run is ingested through finishRun, which stores the
// port diff, so this is what `/scan diff` costs; diff_1m_ports_compute_seconds is the join that ingest
// pays once, and that a diff not stored yet pays on first use; both medians of several), and show/list
// with 10,000 scans (targets ≤ 50 ms): list is the
// default page (25, newest activity first, with the total); extra figures: the largest page (200), the
// last page (offset 9,975) and a status filter that every scan matches.
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import type { RunDispatcher } from '../core/scans/run-dispatcher.js';
import { createScanService } from '../core/scans/scan-service.js';
import { insertOpenPorts, type OpenPortInput } from '../db/repositories/open-port.repository.js';
import type { Database } from '../db/schema/database.js';
import type { OpenPort } from '../scanner/types.js';
import { figure, report } from './figures.js';
import { withBenchDatabase } from './lib/bench-database.js';

const PORTS = 1_000_000;
const SCANS = 10_000;

const idle: RunDispatcher = { submit: async () => {}, cancel: async () => {}, setSchedule: async () => {}, removeSchedule: async () => {} };

/** 10,000 scans with three completed runs each, inserted set-wise. */
async function seedScans(db: Kysely<Database>): Promise<void> {
  await sql`
    INSERT INTO scans (name, targets, ports, scanner, rate, timeout_seconds, port_timeout_ms, protocol, created_by_platform, created_by, created_channel)
    SELECT 'scan ' || i, ARRAY['203.0.113.0/28'], 'top100', 'nmap', 1000, 3600, 1500, 'tcp', 'console', 'bench', 'bench'
    FROM generate_series(1, ${SCANS}) i`.execute(db);
  await sql`
    INSERT INTO runs (scan_id, number, status, trigger, started_at, ended_at, results_at, open_port_count, finding_count, critical_count, info_count)
    SELECT s.id, n, 'completed', 'create', now() - interval '1 hour', now() - interval '50 minutes', now(), 10 + n, 3, 1, 2
    FROM scans s CROSS JOIN generate_series(1, 3) n`.execute(db);
  await sql`ANALYZE`.execute(db);
}

function ports(n: number, variant: number): OpenPortInput[] {
  return Array.from({ length: n }, (_, i) => {
    const shifted = variant === 1 && i % 100 === 0 ? i + n : i; // 1 % new/gone
    return {
      ip: `198.51.${(shifted >> 16) & 255}.${(shifted >> 8) & 255}`, port: 1 + (shifted & 255), protocol: 'tcp', state: 'open',
      service: 'http', product: 'nginx', version: variant === 1 && i % 100 === 1 ? '1.27' : '1.25',
    };
  });
}

async function timed<T>(work: () => Promise<T>, repeat = 1): Promise<number> {
  await work();
  const start = performance.now();
  for (let i = 0; i < repeat; i++) await work();
  return (performance.now() - start) / repeat;
}

/** Median of `n` runs after one warm-up; `work` may return its own measured milliseconds. */
async function medianMs(work: () => Promise<unknown>, n: number): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const own = await work();
    times.push(typeof own === 'number' ? own : performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

await withBenchDatabase(4, async (db) => {
  await seedScans(db);
  const sut = createScanService({
    db, dispatcher: idle, logger: pino({ level: 'silent' }),
    config: { SCOPE_ALLOW: [], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [], HEARTBEAT_INTERVAL_SECONDS: 15 },
  });
  const listMs = await timed(() => sut.list(), 20);
  const list200Ms = await timed(() => sut.list({ limit: 200 }), 20);
  const lastPageMs = await timed(() => sut.list({ page: SCANS / 25 }), 20);
  const statusMs = await timed(() => sut.list({ status: 'completed' }), 20); // every scan matches: the dearest count
  const showMs = await timed(() => sut.show(`SCAN-${1001 + SCANS / 2}`), 20);

  const scan = await db.selectFrom('scans').select(['id', 'public_id']).orderBy('id').executeTakeFirstOrThrow();
  const [first, second] = await db.selectFrom('runs').select('id').where('scan_id', '=', scan.id).orderBy('number').limit(2).execute();
  await db.transaction().execute((trx) => insertOpenPorts(trx, first!.id, ports(PORTS, 0)));
  await sql`UPDATE runs SET status = 'running', ended_at = NULL, results_at = NULL WHERE id = ${second!.id}`.execute(db);
  const current = ports(PORTS, 1) as OpenPort[];
  const ingestStart = performance.now();
  await sut.finishRun(second!.id, { status: 'completed', openPorts: current, findings: [], warnings: [], progress: 100, startedAt: new Date(), endedAt: new Date() });
  const ingestMs = performance.now() - ingestStart;
  await sql`ANALYZE open_ports`.execute(db);
  const diffMs = await medianMs(() => sut.diff(scan.public_id, { run: 2 }), 5);
  const computeMs = await medianMs(async () => {
    await sql`DELETE FROM open_port_diffs WHERE run_id = ${second!.id}`.execute(db);
    const start = performance.now();
    await sut.diff(scan.public_id, { run: 2 });
    return performance.now() - start;
  }, 3);
  report([
    figure('diff_1m_ports_seconds', diffMs / 1000, 's', { target: '<= 2' }),
    figure('diff_1m_ports_compute_seconds', computeMs / 1000, 's'),
    figure('ingest_1m_ports_with_base_seconds', ingestMs / 1000, 's'),
    figure('show_10k_scans_ms', showMs, 'ms', { target: '<= 50' }),
    figure('list_10k_scans_ms', listMs, 'ms', { target: '<= 50' }),
    figure('list_10k_scans_200_ms', list200Ms, 'ms', { target: '<= 50' }),
    figure('list_10k_scans_last_page_ms', lastPageMs, 'ms', { target: '<= 50' }),
    figure('list_10k_scans_status_ms', statusMs, 'ms', { target: '<= 50' }),
  ]);
});
