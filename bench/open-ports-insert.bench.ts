// open_ports_insert_rows_per_s: 1,000,000 open-port rows written in one run's ingest transaction (COPY),
// against kysely's plain multi-row INSERT (batches under the 65,535-parameter limit) as the baseline.
import type { Kysely } from 'kysely';
import { insertOpenPorts, type OpenPortInput } from '../db/repositories/open-port.repository.js';
import { insertNextRun } from '../db/repositories/run.repository.js';
import { insertScan } from '../db/repositories/scan.repository.js';
import type { Database } from '../db/schema/database.js';
import { figure, report } from './figures.js';
import { withBenchDatabase } from './lib/bench-database.js';

const ROWS = 1_000_000;

function rows(n: number): OpenPortInput[] {
  return Array.from({ length: n }, (_, i) => ({
    ip: `198.51.${(i >> 16) & 255}.${(i >> 8) & 255}`, port: 1 + (i % 65535), protocol: 'tcp', state: 'open',
    service: i % 3 ? 'http' : null, product: i % 5 ? 'nginx' : null, version: i % 5 ? '1.25.3' : null,
    banner: i % 7 ? null : 'SSH-2.0-OpenSSH_9.6', ttl: 64, scripts: i % 11 ? null : { 'ssl-cert': 'CN=example' },
  }));
}

async function newRun(db: Kysely<Database>): Promise<number> {
  const scan = await insertScan(db, {
    name: 'bench', targets: ['198.51.0.0/16'], ports: 'all', scanner: 'masscan', rate: 1000, timeout_seconds: 3600, port_timeout_ms: 1500,
    protocol: 'tcp', schedule: null, timezone: null, created_by_platform: 'console', created_by: 'bench', created_channel: 'bench',
  });
  return (await insertNextRun(db, scan.id, 'create', 'running')).id;
}

async function viaCopy(db: Kysely<Database>, data: OpenPortInput[]): Promise<number> {
  const runId = await newRun(db);
  const start = performance.now();
  await db.transaction().execute((trx) => insertOpenPorts(trx, runId, data));
  return data.length / ((performance.now() - start) / 1000);
}

async function viaMultiRowInsert(db: Kysely<Database>, data: OpenPortInput[]): Promise<number> {
  const runId = await newRun(db);
  const batch = Math.floor(65_535 / 11);
  const start = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < data.length; i += batch) {
      const values = data.slice(i, i + batch).map((p) => ({
        run_id: runId, ip: p.ip, port: p.port, protocol: p.protocol, state: p.state, service: p.service ?? null, product: p.product ?? null,
        version: p.version ?? null, banner: p.banner ?? null, ttl: p.ttl ?? null, scripts: p.scripts ?? null,
      }));
      await trx.insertInto('open_ports').values(values).execute();
    }
  });
  return data.length / ((performance.now() - start) / 1000);
}

await withBenchDatabase(2, async (db) => {
  const data = rows(ROWS);
  const baseline = await viaMultiRowInsert(db, data);
  const copy = await viaCopy(db, data);
  report([figure('open_ports_insert_rows_per_s', copy, 'rows/s', { baseline, baselineName: 'kysely multi-row INSERT', target: '>= 300000' })]);
});
