// Results streamed by scanners, one bounded batch at a time: each batch is claimed once by its id
// (run_result_batches), and its rows are upserted on the result tables' unique keys, so a batch delivered
// twice, a later batch that re-delivers a port (hybrid's -sV phase) or a run taken over after its scanner
// died never doubles a row: the later delivery replaces the earlier one.
import { isIP } from 'node:net';
import { sql, type Transaction } from 'kysely';
import { copyInto, readCopyField, stripNul } from '../copy-rows.js';
import { pgErrorCode } from '../errors.js';
import type { Database, Db } from '../schema/database.js';

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

/**
 * Records the batch as applied, with the open-port rows it will add if none of them is stored yet (set
 * right by setBatchPortRows when some were); false when it already was applied (then apply nothing).
 */
export async function claimBatch(db: Db, runId: number, batchId: string, portRows: number): Promise<boolean> {
  const claimed = await db.insertInto('run_result_batches').values({ run_id: runId, batch_id: batchId, port_rows: portRows })
    .onConflict((oc) => oc.columns(['run_id', 'batch_id']).doNothing()).returning('batch_id').executeTakeFirst();
  return claimed !== undefined;
}

/** The open-port rows a claimed batch added. */
export async function setBatchPortRows(db: Db, runId: number, batchId: string, portRows: number): Promise<void> {
  await db.updateTable('run_result_batches').set({ port_rows: portRows }).where('run_id', '=', runId).where('batch_id', '=', batchId).execute();
}

/** How many batches of one execution (`token`, the batch id's prefix) were applied. */
export async function countBatches(db: Db, runId: number, token: string): Promise<number> {
  const pattern = `${token.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
  const row = await db.selectFrom('run_result_batches').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('run_id', '=', runId).where('batch_id', 'like', pattern).executeTakeFirstOrThrow();
  return Number(row.n);
}


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

const PORT_COLUMNS = ['run_id', 'ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'ttl', 'scripts', 'cpes'];
const UPSERT_SET = sql`state = EXCLUDED.state, service = EXCLUDED.service, product = EXCLUDED.product, version = EXCLUDED.version,
  banner = EXCLUDED.banner, ttl = EXCLUDED.ttl, scripts = EXCLUDED.scripts, cpes = EXCLUDED.cpes`;

/**
 * Port lines: the columns of open_ports after run_id (ip, port, protocol, state, service, product, version,
 * banner, ttl, scripts, cpes) as one line of COPY text each, checked by the caller (core/events/port-lines.ts),
 * and passed as parts: whole lines joined by \n.
 */
export type PortLineParts = readonly string[];
const linesOf = (parts: PortLineParts) => parts.flatMap((part) => part.split('\n'));
/** The key a port is unique by in a run (address, port, protocol): the first three fields of its line. */
const keyOfLine = (line: string) => line.slice(0, line.indexOf('\t', line.indexOf('\t', line.indexOf('\t') + 1) + 1));

/** COPY rows of port line parts: each line prefixed with the run id (one native replace per part, no split). */
function* copyRows(runId: number, parts: PortLineParts): Generator<string> {
  const prefix = `${runId}\t`;
  const between = `\n${prefix}`;
  for (const part of parts) yield `${prefix}${part.replaceAll('\n', between)}\n`;
}

/**
 * Stores checked port lines of a run in `trx`. The usual case, none of them stored yet, is one COPY
 * straight into open_ports. A re-delivered port (a unique violation: hybrid's -sV phase, a batch of a run
 * taken over) rolls back to the savepoint and takes the upsert: the last delivery of a port wins, within
 * the batch as across batches. `replaced` then tells the caller to replace their findings.
 */
export async function upsertPortLines(trx: Transaction<Database>, runId: number, parts: PortLineParts): Promise<{ replaced: boolean; inserted: number | null }> {
  if (parts.length === 0) return { replaced: false, inserted: 0 };
  await sql`SAVEPOINT open_ports_batch`.execute(trx);
  try {
    if (await copyInto(trx, 'open_ports', PORT_COLUMNS, copyRows(runId, parts))) {
      await sql`RELEASE SAVEPOINT open_ports_batch`.execute(trx);
      // Every line was a new row (COPY stores all of them or fails).
      return { replaced: false, inserted: null };
    }
  } catch (error) {
    if (pgErrorCode(error) !== '23505') throw error;
    await sql`ROLLBACK TO SAVEPOINT open_ports_batch`.execute(trx);
  }
  return { replaced: true, inserted: await upsertLinesOneByKey(trx, runId, lastOfEachKey(linesOf(parts), keyOfLine)) };
}

/** Lines as parts of about 64 KiB. */
function joinLines(lines: readonly string[]): string[] {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i += 1000) parts.push(lines.slice(i, i + 1000).join('\n'));
  return parts;
}

/** Counts the rows an INSERT … ON CONFLICT DO UPDATE added (xmax is 0 on an inserted row, not on an updated one). */
const ADDED = sql`RETURNING (xmax = 0) AS added) SELECT count(*) FILTER (WHERE added)::int AS n FROM upserted`;

/**
 * The slow path: through a staging table (COPY, then one INSERT … ON CONFLICT), or UNNEST when COPY is
 * not possible. Returns how many rows were added (the others replaced a stored row).
 */
async function upsertLinesOneByKey(trx: Transaction<Database>, runId: number, lines: readonly string[]): Promise<number> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS open_ports_batch (LIKE open_ports) ON COMMIT DELETE ROWS`.execute(trx);
  if (await copyInto(trx, 'open_ports_batch', PORT_COLUMNS, copyRows(runId, joinLines(lines)))) {
    const { rows } = await sql<{ n: number }>`WITH upserted AS (
      INSERT INTO open_ports SELECT * FROM open_ports_batch ON CONFLICT (run_id, ip, port, protocol) DO UPDATE SET ${UPSERT_SET} ${ADDED}`.execute(trx);
    await sql`TRUNCATE open_ports_batch`.execute(trx);
    return rows[0]?.n ?? 0;
  }
  const rows = lines.map((line) => line.split('\t').map(readCopyField));
  const col = (i: number) => rows.map((r) => r[i] ?? null);
  const { rows: added } = await sql<{ n: number }>`WITH upserted AS (
    INSERT INTO open_ports (run_id, ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes)
    SELECT ${runId}, ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes::text[]
    FROM unnest(${col(0)}::inet[], ${col(1)}::int[], ${col(2)}::text[], ${col(3)}::text[],
      ${col(4)}::text[], ${col(5)}::text[], ${col(6)}::text[], ${col(7)}::text[], ${col(8)}::int[], ${col(9)}::jsonb[], ${col(10)}::text[])
      AS u(ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes)
    ON CONFLICT (run_id, ip, port, protocol) DO UPDATE SET ${UPSERT_SET} ${ADDED}`.execute(trx);
  return added[0]?.n ?? 0;
}

/**
 * Drops the findings stored on the ports of these lines: a re-delivered port comes with all its findings,
 * which replace the earlier ones (masscan's "open port" info finding must not stay beside nmap's "exposed Redis").
 */
export async function deleteFindingsOnPortLines(db: Db, runId: number, parts: PortLineParts): Promise<void> {
  const lines = linesOf(parts);
  for (let i = 0; i < lines.length; i += 5000) {
    const part = lines.slice(i, i + 5000).map((line) => line.split('\t', 3));
    await sql`
      DELETE FROM findings f USING unnest(${part.map((p) => p[0])}::inet[], ${part.map((p) => Number(p[1]))}::int[], ${part.map((p) => p[2])}::text[]) AS k(ip, port, protocol)
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

/**
 * The run's open ports: the sum of what its batches added (each row is added by exactly one batch), or a
 * count of its rows when a batch did not record it (applied before port_rows was kept) or none was streamed.
 */
async function openPortCount(db: Db, runId: number): Promise<number> {
  const batches = await db.selectFrom('run_result_batches')
    .select((eb) => [eb.fn.countAll<string>().as('batches'), eb.fn.count<string>('port_rows').as('counted'), eb.fn.sum<string | null>('port_rows').as('rows')])
    .where('run_id', '=', runId).executeTakeFirstOrThrow();
  if (Number(batches.batches) > 0 && batches.batches === batches.counted) return Number(batches.rows ?? 0);
  const ports = await db.selectFrom('open_ports').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
  return Number(ports.n);
}

/** The counters a run row keeps: open ports, and live findings by severity. */
export async function resultCounts(db: Db, runId: number) {
  const openPorts = await openPortCount(db, runId);
  const rows = await db.selectFrom('findings').select(['severity', (eb) => eb.fn.countAll<string>().as('n')]).where('run_id', '=', runId).where('change', 'not in', ['gone', 'not_scanned']).groupBy('severity').execute();
  const count = (s: string) => Number(rows.find((r) => r.severity === s)?.n ?? 0);
  return {
    open_port_count: openPorts,
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
