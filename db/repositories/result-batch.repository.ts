// Results streamed by scanners, one bounded batch at a time: each batch is claimed once by its id
// (run_result_batches), and its rows are upserted on the result tables' unique keys, so a batch delivered
// twice, a later batch that re-delivers a port (hybrid's -sV phase) or a run taken over after its scanner
// died never doubles a row: the later delivery replaces the earlier one.
import { isIP } from 'node:net';
import { sql, type Transaction } from 'kysely';
import { copyChunks, copyInto, copyText, stripNul } from '../copy-rows.js';
import { pgErrorCode } from '../errors.js';
import type { Database, Db } from '../schema/database.js';
import { isStorablePort, type OpenPortInput } from './open-port.repository.js';

export interface FindingInput {
  ruleId: string;
  severity: string;
  title: string;
  ip: string;
  port: number;
  protocol: string;
  evidence: string;
  remediation: string;
}

/** Records the batch as applied; false when it already was (then apply nothing). */
export async function claimBatch(db: Db, runId: number, batchId: string): Promise<boolean> {
  const claimed = await db.insertInto('run_result_batches').values({ run_id: runId, batch_id: batchId })
    .onConflict((oc) => oc.columns(['run_id', 'batch_id']).doNothing()).returning('batch_id').executeTakeFirst();
  return claimed !== undefined;
}

/** How many batches of one execution (`token`, the batch id's prefix) were applied. */
export async function countBatches(db: Db, runId: number, token: string): Promise<number> {
  const pattern = `${token.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
  const row = await db.selectFrom('run_result_batches').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('run_id', '=', runId).where('batch_id', 'like', pattern).executeTakeFirstOrThrow();
  return Number(row.n);
}

const text = (v: string | null | undefined) => (typeof v === 'string' ? stripNul(v) : null);
const NUL = /\u0000/g; // eslint-disable-line no-control-regex -- jsonb refuses \u0000

/** Last delivery of a key wins, within the batch as across batches. */
function lastOfEachKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    byKey.delete(k);
    byKey.set(k, row);
  }
  return [...byKey.values()];
}

const PORT_COLUMNS = ['run_id', 'ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'ttl', 'scripts'];
const UPSERT_SET = sql`state = EXCLUDED.state, service = EXCLUDED.service, product = EXCLUDED.product, version = EXCLUDED.version,
  banner = EXCLUDED.banner, ttl = EXCLUDED.ttl, scripts = EXCLUDED.scripts`;
const ttlOf = (ttl: number | null | undefined) => (typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl < 2 ** 31 ? ttl : null);

/** COPY into a per-connection staging table, then one INSERT … ON CONFLICT (no 20,000-element parameter arrays to encode). */
async function upsertViaCopy(trx: Transaction<Database>, runId: number, rows: readonly OpenPortInput[]): Promise<'inserted' | 'replaced' | false> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS open_ports_batch (LIKE open_ports) ON COMMIT DELETE ROWS`.execute(trx);
  const prefix = `${runId}\t`;
  const line = (p: OpenPortInput) =>
    `${prefix}${p.ip}\t${p.port}\t${p.protocol}\t${copyText(p.state)}\t${copyText(p.service)}\t${copyText(p.product)}\t${copyText(p.version)}\t${copyText(p.banner)}\t${copyText(ttlOf(p.ttl))}\t${copyText(p.scripts ? JSON.stringify(p.scripts).replace(NUL, '') : null)}\n`;
  if (!(await copyInto(trx, 'open_ports_batch', PORT_COLUMNS, copyChunks(rows, line)))) return false;
  // A later delivery replaces the earlier one. (DELETE … USING the staging table, then a plain INSERT, was
  // tried: the planner scans the run's rows for every batch — quadratic over a run.)
  // Fast path: no row of the batch is stored yet (the usual case: a plain INSERT); a re-delivered port
  // (unique violation) rolls back to the savepoint and takes the upsert.
  let outcome: 'inserted' | 'replaced' = 'inserted';
  await sql`SAVEPOINT open_ports_batch_insert`.execute(trx);
  try {
    await sql`INSERT INTO open_ports SELECT * FROM open_ports_batch`.execute(trx);
    await sql`RELEASE SAVEPOINT open_ports_batch_insert`.execute(trx);
  } catch (error) {
    if (pgErrorCode(error) !== '23505') throw error;
    await sql`ROLLBACK TO SAVEPOINT open_ports_batch_insert`.execute(trx);
    await sql`INSERT INTO open_ports SELECT * FROM open_ports_batch ON CONFLICT (run_id, ip, port, protocol) DO UPDATE SET ${UPSERT_SET}`.execute(trx);
    outcome = 'replaced';
  }
  await sql`TRUNCATE open_ports_batch`.execute(trx);
  return outcome;
}

/**
 * Upserts open ports of a run; returns how many were written and skipped (unstorable), and whether some of
 * them were stored already (a re-delivery, e.g. hybrid's -sV phase): their findings are then replaced.
 */
export async function upsertOpenPorts(db: Db, runId: number, ports: readonly OpenPortInput[]): Promise<{ written: number; skipped: number; replaced: boolean }> {
  const rows = lastOfEachKey(ports.filter(isStorablePort), (p) => `${p.ip}|${p.port}|${p.protocol}`);
  const copied = rows.length > 0 && db.isTransaction ? await upsertViaCopy(db as Transaction<Database>, runId, rows) : false;
  if (copied) return { written: rows.length, skipped: ports.length - rows.length, replaced: copied === 'replaced' };
  if (rows.length > 0) {
    const col = <K extends 'ip' | 'protocol' | 'state' | 'service' | 'product' | 'version' | 'banner'>(k: K) => rows.map((p) => text(p[k]));
    await sql`
      INSERT INTO open_ports (run_id, ip, port, protocol, state, service, product, version, banner, ttl, scripts)
      SELECT ${runId}, * FROM unnest(${col('ip')}::inet[], ${rows.map((p) => p.port)}::int[], ${col('protocol')}::text[], ${col('state')}::text[],
        ${col('service')}::text[], ${col('product')}::text[], ${col('version')}::text[], ${col('banner')}::text[],
        ${rows.map((p) => ttlOf(p.ttl))}::int[],
        ${rows.map((p) => (p.scripts ? JSON.stringify(p.scripts).replace(NUL, '') : null))}::jsonb[])
      ON CONFLICT (run_id, ip, port, protocol) DO UPDATE SET ${UPSERT_SET}`.execute(db);
  }
  return { written: rows.length, skipped: ports.length - rows.length, replaced: rows.length > 0 };
}

/**
 * Drops the findings stored on these ports of a run: a re-delivered port comes with all its findings, which
 * replace the earlier ones (masscan's "open port" info finding must not stay beside nmap's "exposed Redis").
 */
export async function deleteFindingsOnPorts(db: Db, runId: number, ports: readonly OpenPortInput[]): Promise<void> {
  const rows = ports.filter(isStorablePort);
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    await sql`
      DELETE FROM findings f USING unnest(${part.map((p) => p.ip)}::inet[], ${part.map((p) => p.port)}::int[], ${part.map((p) => p.protocol)}::text[]) AS k(ip, port, protocol)
      WHERE f.run_id = ${runId} AND f.ip = k.ip AND f.port = k.port AND f.protocol = k.protocol`.execute(db);
  }
}

/** Upserts findings of a run, marked `new` until the run ends and they are compared with its base run. */
export async function upsertFindings(db: Db, runId: number, findings: readonly FindingInput[]): Promise<number> {
  const storable = findings.filter((f) => isIP(f.ip) !== 0 && Number.isInteger(f.port) && f.port >= 0 && f.port <= 65535 && (f.protocol === 'tcp' || f.protocol === 'udp'));
  const rows = lastOfEachKey(storable, (f) => `${f.ruleId}|${f.ip}|${f.port}|${f.protocol}`);
  if (rows.length === 0) return 0;
  const col = <K extends keyof FindingInput>(k: K) => rows.map((f) => (typeof f[k] === 'string' ? stripNul(f[k] as string) : f[k]));
  await sql`
    INSERT INTO findings (run_id, rule_id, severity, title, ip, port, protocol, evidence, remediation, change)
    SELECT ${runId}, r.*, 'new' FROM unnest(${col('ruleId')}::text[], ${col('severity')}::text[], ${col('title')}::text[], ${col('ip')}::inet[],
      ${col('port')}::int[], ${col('protocol')}::text[], ${col('evidence')}::text[], ${col('remediation')}::text[]) AS r
    ON CONFLICT (run_id, rule_id, ip, port, protocol) DO UPDATE SET severity = EXCLUDED.severity, title = EXCLUDED.title,
      evidence = EXCLUDED.evidence, remediation = EXCLUDED.remediation`.execute(db);
  return rows.length;
}

/**
 * Marks a streamed run's findings against its base run (as diffFindings does: changed = severity or title
 * differ) and adds the base run's findings that are gone. In SQL: a million findings never come to memory.
 */
export async function markStreamedFindings(db: Db, runId: number, baseRunId: number | null): Promise<void> {
  if (baseRunId === null) {
    await sql`UPDATE findings SET change = 'new' WHERE run_id = ${runId} AND change <> 'new'`.execute(db);
    return;
  }
  await sql`
    UPDATE findings f SET change = COALESCE((
      SELECT CASE WHEN b.severity = f.severity AND b.title = f.title THEN 'unchanged' ELSE 'changed' END FROM findings b
      WHERE b.run_id = ${baseRunId} AND b.change <> 'gone' AND b.rule_id = f.rule_id AND b.ip = f.ip AND b.port = f.port AND b.protocol = f.protocol), 'new')
    WHERE f.run_id = ${runId}`.execute(db);
  await sql`
    INSERT INTO findings (run_id, rule_id, severity, title, ip, port, protocol, evidence, remediation, change)
    SELECT ${runId}, b.rule_id, b.severity, b.title, b.ip, b.port, b.protocol, b.evidence, b.remediation, 'gone' FROM findings b
    WHERE b.run_id = ${baseRunId} AND b.change <> 'gone' AND NOT EXISTS (
      SELECT 1 FROM findings f WHERE f.run_id = ${runId} AND f.rule_id = b.rule_id AND f.ip = b.ip AND f.port = b.port AND f.protocol = b.protocol)
    ON CONFLICT DO NOTHING`.execute(db);
}

/** The counters a run row keeps: open ports, and live findings by severity. */
export async function resultCounts(db: Db, runId: number) {
  const ports = await db.selectFrom('open_ports').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('findings').select(['severity', (eb) => eb.fn.countAll<string>().as('n')]).where('run_id', '=', runId).where('change', 'not in', ['gone', 'not_scanned']).groupBy('severity').execute();
  const count = (s: string) => Number(rows.find((r) => r.severity === s)?.n ?? 0);
  return {
    open_port_count: Number(ports.n),
    finding_count: rows.reduce((sum, r) => sum + Number(r.n), 0),
    critical_count: count('critical'), high_count: count('high'), medium_count: count('medium'), low_count: count('low'), info_count: count('info'),
  };
}

/** Findings this run carried over as `gone` from its base run: the ones a scope check may turn into `not_scanned`. */
export async function goneFindingsOfRun(db: Db, runId: number) {
  return db.selectFrom('findings').select(['rule_id', 'ip', 'port', 'protocol']).where('run_id', '=', runId).where('change', '=', 'gone').execute();
}

/** Marks carried-over findings as `not_scanned`: the run did not look at their port, so they are not fixed. */
export async function markNotScanned(db: Db, runId: number, keys: Array<{ rule_id: string; ip: string; port: number; protocol: string }>): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const part = keys.slice(i, i + 1000);
    await db.updateTable('findings').set({ change: 'not_scanned' }).where('run_id', '=', runId).where('change', '=', 'gone')
      .where((eb) => eb.or(part.map((k) => eb.and([eb('rule_id', '=', k.rule_id), eb('ip', '=', k.ip), eb('port', '=', k.port), eb('protocol', '=', k.protocol)]))))
      .execute();
  }
}
