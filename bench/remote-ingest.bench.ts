// Results streamed from a scanner to PostgreSQL (issue 8): a run with 100,000 and 1,000,000 open ports
// shipped by a scanner process in bounded batches over its Redis stream, applied by an ingest process.
// Figures: end-to-end rows/s (first batch sent → run completed in the database) beside today's direct
// COPY of the same rows (process start-ups not counted), and the peak RSS of the scanner and of the control plane at both sizes (flat =
// nothing holds the whole result). Each side runs in a process of its own (this file, with a role argument).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { startIngest } from '../control/ingest.js';
import { connectRedis } from '../core/redis.js';
import { createScannerReportSide } from '../core/scans/run-worker-side.js';
import { openDb } from '../db/migrate.js';
import { insertOpenPorts } from '../db/repositories/open-port.repository.js';
import { insertNextRun } from '../db/repositories/run.repository.js';
import { insertScan } from '../db/repositories/scan.repository.js';
import { registerScanner } from '../db/repositories/scanner.repository.js';
import type { Database } from '../db/schema/database.js';
import type { OpenPort } from '../scanner/types.js';
import { createResultShipper } from '../worker/result-shipping.js';
import { createStreamScanService } from '../worker/result-stream.js';
import { figure, report, type BenchFigure } from './figures.js';
import { withBenchDatabase } from './lib/bench-database.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The masscan NDJSON parser's streaming window (scanner/parsers): what the engine hands onResults at a time.
const ENGINE_BATCH = 8192;
const logger = pino({ level: 'warn' });

/** Port i of a run: 1000 ports on each of n/1000 hosts, as a masscan sweep would find them. */
function portAt(i: number): OpenPort {
  const host = Math.floor(i / 1000);
  return { ip: `198.51.${(host >> 8) & 255}.${host & 255}`, port: 1 + (i % 1000), protocol: 'tcp', state: 'open', ...(i % 3 === 0 ? { service: 'http' } : {}), ttl: 64 };
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Role `scanner`: ships `count` ports as the engine's onResults would, then ends the run. */
async function scannerRole(prefix: string, runId: number, count: number): Promise<void> {
  const client = await connectRedis(REDIS_URL);
  const service = createStreamScanService(client, prefix, 'bench');
  const started = new Date();
  process.stdout.write(`FIRST ${Date.now()}\n`);
  await service.started(runId, 'bench-scanner', null);
  const shipper = createResultShipper(service, runId, `run-${runId}`);
  for (let i = 0; i < count; i += ENGINE_BATCH) {
    const batch: OpenPort[] = [];
    for (let j = i; j < Math.min(count, i + ENGINE_BATCH); j++) batch.push(portAt(j));
    await shipper.ship({ openPorts: batch, findings: [] });
  }
  await service.finishRun(runId, { status: 'completed', warnings: [], progress: 100, startedAt: started.toISOString(), endedAt: new Date().toISOString(), shipped: [shipper.shipped()] });
  await client.quit();
  process.stdout.write(`RSS ${maxRssMb()}\n`);
}

/** Role `ingest`: applies the scanner's stream until the run is completed. */
async function ingestRole(url: string, prefix: string, runId: number): Promise<void> {
  const db = openDb<Database>(url, { max: 4 });
  const reports = createScannerReportSide({ db, dispatcher: { submit: async () => {}, cancel: async () => {}, setSchedule: async () => {}, removeSchedule: async () => {} }, logger, publish: async () => {}, retention: 0 });
  const ingest = await startIngest({ db, redisUrl: REDIS_URL, prefix, reports, logger, leaseMs: 3000 });
  const deadline = Date.now() + 600_000;
  for (;;) {
    const run = await db.selectFrom('runs').select(['status', 'open_port_count']).where('id', '=', runId).executeTakeFirstOrThrow();
    if (run.status === 'completed') {
      process.stdout.write(`DONE ${Date.now()}\n`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`run not completed in time (${run.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await ingest.close();
  await db.destroy();
  process.stdout.write(`RSS ${maxRssMb()}\n`);
}

function child(args: string[]): Promise<{ rssMb: number; ms: number; first?: number; done?: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // BENCH_CHILD_ARGS: node flags for both sides, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
    const flags = process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? [];
    const proc = spawn(process.execPath, [...flags, fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('exit', (code) => {
      const rss = /RSS (\d+(\.\d+)?)/.exec(out);
      if (code !== 0 || !rss) reject(new Error(`${args[0]} exited ${code}: ${out}`));
      else {
        const first = /FIRST (\d+)/.exec(out)?.[1];
        const done = /DONE (\d+)/.exec(out)?.[1];
        resolve({ rssMb: Number(rss[1]), ms: performance.now() - started, ...(first ? { first: Number(first) } : {}), ...(done ? { done: Number(done) } : {}) });
      }
    });
  });
}

async function newRun(db: Kysely<Database>, status: string): Promise<number> {
  const scan = await insertScan(db, {
    name: 'bench', targets: ['198.51.0.0/16'], ports: 'all', scanner: 'masscan', rate: 1000, timeout_seconds: 3600, port_timeout_ms: 1500,
    protocol: 'tcp', schedule: null, timezone: null, created_by_platform: 'console', created_by: 'bench', created_channel: 'bench',
  });
  return (await insertNextRun(db, scan.id, 'create', status)).id;
}

async function main(): Promise<void> {
  const figures: BenchFigure[] = [];
  await withBenchDatabase(2, async (db) => {
    await registerScanner(db, { id: 'bench', pool: 'default', credential_fingerprint: null, created_by: 'bench' });
    const { rows } = await (await import('kysely')).sql<{ db: string }>`SELECT current_database() AS db`.execute(db);
    const databaseUrl = `${process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432'}/${rows[0]!.db}`;
    const results: Record<number, { rowsPerS: number; scannerMb: number; ingestMb: number }> = {};
    for (const count of [100_000, 1_000_000]) {
      const prefix = `pcl-bench-${randomUUID().slice(0, 8)}`;
      const runId = await newRun(db, 'planned');
      const ingest = child(['ingest', databaseUrl, prefix, String(runId)]);
      await new Promise((r) => setTimeout(r, 1500));
      const scanner = await child(['scanner', prefix, String(runId), String(count)]);
      const ingested = await ingest;
      // End to end: the scanner's first message sent → the run completed in PostgreSQL (process start-ups aside).
      const seconds = ((ingested.done ?? 0) - (scanner.first ?? 0)) / 1000;
      const stored = await db.selectFrom('runs').select('open_port_count').where('id', '=', runId).executeTakeFirstOrThrow();
      if (stored.open_port_count !== count) throw new Error(`stored ${stored.open_port_count} of ${count} ports`);
      results[count] = { rowsPerS: count / seconds, scannerMb: scanner.rssMb, ingestMb: ingested.rssMb };
      const redis = await connectRedis(REDIS_URL);
      await redis.del([`${prefix}:results:bench`, `${prefix}:ingest-lease:bench`]);
      await redis.quit();
    }
    const direct = Array.from({ length: 1_000_000 }, (_, i) => portAt(i));
    const copyRun = await newRun(db, 'running');
    const c0 = performance.now();
    await db.transaction().execute((trx) => insertOpenPorts(trx, copyRun, direct));
    const copyRowsPerS = direct.length / ((performance.now() - c0) / 1000);
    const big = results[1_000_000]!;
    const small = results[100_000]!;
    figures.push(
      figure('remote_ingest_1m_rows_per_s', big.rowsPerS, 'rows/s', { baseline: copyRowsPerS, baselineName: 'direct COPY of the same rows in one transaction', target: '>= 200000' }),
      figure('remote_ingest_scanner_peak_rss_mb', big.scannerMb, 'MB', { baseline: small.scannerMb, baselineName: 'the scanner at 100k ports', target: '<= 200, flat' }),
      figure('remote_ingest_control_peak_rss_mb', big.ingestMb, 'MB', { baseline: small.ingestMb, baselineName: 'ingest at 100k ports', target: '<= 250, flat' }),
      figure('remote_ingest_100k_rows_per_s', small.rowsPerS, 'rows/s'),
    );
  });
  report(figures);
}

const [role, ...args] = process.argv.slice(2);
if (role === 'scanner') await scannerRole(args[0]!, Number(args[1]), Number(args[2]));
else if (role === 'ingest') await ingestRole(args[0]!, args[1]!, Number(args[2]));
else await main();
process.exit(0);
