// The open ports two runs do not share: what a port diff looks at. Computed once (ingest asks for it to
// find new exposure) and stored in open_port_diffs, so `/scan diff` on two runs of a million ports reads
// one row instead of joining two million. A diff not stored yet (runs ingested before the table existed,
// or a base run other than the one ingest saw) is computed and stored on first use.
import { sql, type Kysely } from 'kysely';
import type { Database, Db } from '../schema/database.js';
import type { OpenPortRow } from '../schema/result.table.js';

/** One side's row as stored: [ip, port, protocol, state, service, product, version]. */
type StoredPort = [string, number, string, string, string | null, string | null, string | null];

export interface DifferingOpenPorts {
  /** Rows of the base run with no identical row (same address, service, product, version) in the run. */
  base: OpenPortRow[];
  /** Rows of the run with no identical row in the base run. */
  current: OpenPortRow[];
}

function rowsOf(stored: StoredPort[], runId: number): OpenPortRow[] {
  return stored.map(([ip, port, protocol, state, service, product, version]) => ({
    run_id: runId, ip, port, protocol, state, service, product, version, banner: null, ttl: null, scripts: null, cpes: null,
  }));
}

function sideJson(p: 'a' | 'b', only = sql`TRUE`) {
  const [ip, port, protocol] = [`${p}.ip`, `${p}.port`, `${p}.protocol`].map((c) => sql.ref(c));
  return sql`coalesce(json_agg(json_build_array(host(${ip}), ${port}, ${protocol}, ${sql.ref(`${p}.state`)}, ${sql.ref(`${p}.service`)},
    ${sql.ref(`${p}.product`)}, ${sql.ref(`${p}.version`)}) ORDER BY ${ip}, ${port}, ${protocol}) FILTER (WHERE ${ip} IS NOT NULL AND (${only})), '[]')`;
}

/** What a detected port ran, as stored ('' / [] for NULL): [product, version, banner, cpes]. */
export type StoredDetectionTuple = [string, string, string, string[]];

/** An address whose detected port is not the same in both runs; null: no detected port there. */
export interface DetectionChangeTuple {
  ip: string;
  port: number;
  protocol: string;
  current: StoredDetectionTuple | null;
  base: StoredDetectionTuple | null;
}

interface Computed {
  base: StoredPort[];
  current: StoredPort[];
  detections?: Array<[string, number, string, StoredDetectionTuple | null, StoredDetectionTuple | null]>;
}

const detected = (p: 'a' | 'b') => sql`(${sql.ref(`${p}.product`)} IS NOT NULL OR ${sql.ref(`${p}.version`)} IS NOT NULL
  OR ${sql.ref(`${p}.banner`)} IS NOT NULL OR ${sql.ref(`${p}.cpes`)} IS NOT NULL)`;
const detectionOf = (p: 'a' | 'b') => sql`CASE WHEN ${detected(p)} THEN json_build_array(coalesce(${sql.ref(`${p}.product`)}, ''),
  coalesce(${sql.ref(`${p}.version`)}, ''), coalesce(${sql.ref(`${p}.banner`)}, ''), coalesce(${sql.ref(`${p}.cpes`)}, '{}')) END`;
const PORT_DIFFERS = sql`a.ip IS NULL OR b.ip IS NULL OR a.service IS DISTINCT FROM b.service OR a.product IS DISTINCT FROM b.product
        OR a.version IS DISTINCT FROM b.version`;
/** A detected port on one side only, or detections differing (a superset of the changes: NULL and '' count as different here). */
const DETECTION_DIFFERS = sql`(${detected('a')} OR ${detected('b')}) AND (a.ip IS NULL OR b.ip IS NULL OR a.product IS DISTINCT FROM b.product
        OR a.version IS DISTINCT FROM b.version OR a.banner IS DISTINCT FROM b.banner OR a.cpes IS DISTINCT FROM b.cpes)`;

/**
 * One full join of the two runs on (ip, port, protocol) keeping the rows that differ, aggregated into one
 * JSON value per side (one row for the driver to decode, not one per port), stored and returned in the
 * same statement. A concurrent computation of the same diff stores nothing and returns the same value.
 * `withDetections`: the same join also gives the addresses whose detection differs (CVE matching needs them).
 */
async function computeAndStore(trx: Kysely<Database>, baseRunId: number, runId: number, withDetections = false): Promise<Computed> {
  // For this transaction only: the hash of a million ports stays in memory (no spill to disk); a hash join,
  // which the planner misprices (it takes the few distinct ips for many collisions) although it costs
  // half the CPU of the merge join's two sorts of a million inet keys; no JIT, whose compiling cost more
  // than it saved here (measured on two runs of 1,000,000 ports, bench/scan-service.bench.ts).
  await sql`SELECT set_config('work_mem', '256MB', true), set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true)`.execute(trx);
  const columns = withDetections ? sql`ip, port, protocol, state, service, product, version, banner, cpes` : sql`ip, port, protocol, state, service, product, version`;
  const differs = withDetections ? sql`(${PORT_DIFFERS}) OR (${DETECTION_DIFFERS})` : PORT_DIFFERS;
  const side = (p: 'a' | 'b') => (withDetections ? sideJson(p, PORT_DIFFERS) : sideJson(p));
  const detections = withDetections
    ? sql`, coalesce(json_agg(json_build_array(host(coalesce(b.ip, a.ip)), coalesce(b.port, a.port), coalesce(b.protocol, a.protocol), ${detectionOf('b')},
        ${detectionOf('a')})) FILTER (WHERE ${DETECTION_DIFFERS}), '[]') AS detections`
    : sql``;
  const { rows } = await sql<Computed>`
    WITH computed AS (
      SELECT ${side('a')} AS base, ${side('b')} AS current${detections}
      FROM (SELECT ${columns} FROM open_ports WHERE run_id = ${baseRunId}) a
      FULL JOIN (SELECT ${columns} FROM open_ports WHERE run_id = ${runId}) b
        ON a.ip = b.ip AND a.port = b.port AND a.protocol = b.protocol
      WHERE ${differs}
    ), stored AS (
      INSERT INTO open_port_diffs (run_id, base_run_id, base, current)
      SELECT ${runId}, ${baseRunId}, coalesce(base, '[]'), coalesce(current, '[]') FROM computed
      ON CONFLICT (run_id, base_run_id) DO NOTHING
    )
    SELECT coalesce(base, '[]') AS base, coalesce(current, '[]') AS current${withDetections ? sql`, detections` : sql``} FROM computed`.execute(trx);
  return rows[0]!;
}

/**
 * The addresses whose detected port differs between the two runs (or is on one side only). From the same
 * full join that computes and stores their port diff when that diff is not stored yet (ingest: its port
 * diff comes next and then reads the stored one); else from a full join of the two runs' detected ports
 * alone, with the same tests. Run it with hash plans.
 */
export async function detectionChangesOfRuns(trx: Kysely<Database>, baseRunId: number, runId: number): Promise<DetectionChangeTuple[]> {
  if (!(await storedDiff(trx, baseRunId, runId))) {
    const { detections } = await computeAndStore(trx, baseRunId, runId, true);
    return (detections ?? []).map(([ip, port, protocol, current, base]) => ({ ip, port, protocol, current, base }));
  }
  const { rows } = await sql<DetectionChangeTuple>`
    SELECT host(coalesce(b.ip, a.ip)) AS ip, coalesce(b.port, a.port) AS port, coalesce(b.protocol, a.protocol) AS protocol,
      ${detectionOf('b')} AS current, ${detectionOf('a')} AS base
    FROM (SELECT ip, port, protocol, product, version, banner, cpes FROM open_ports a WHERE run_id = ${baseRunId} AND ${detected('a')}) a
    FULL JOIN (SELECT ip, port, protocol, product, version, banner, cpes FROM open_ports b WHERE run_id = ${runId} AND ${detected('b')}) b
      ON a.ip = b.ip AND a.port = b.port AND a.protocol = b.protocol
    WHERE ${DETECTION_DIFFERS}`.execute(trx);
  return rows;
}

async function storedDiff(db: Kysely<Database>, baseRunId: number, runId: number): Promise<{ base: StoredPort[]; current: StoredPort[] } | undefined> {
  const { rows } = await sql<{ base: StoredPort[]; current: StoredPort[] }>`
    SELECT base, current FROM open_port_diffs WHERE run_id = ${runId} AND base_run_id = ${baseRunId}`.execute(db);
  return rows[0];
}

/**
 * The rows of two runs that are not identical in (ip, port, protocol, service, product, version), each
 * side in (ip, port, protocol) order: the stored diff when there is one, else computed and stored. Only
 * for runs whose results are written (ingest calls it in its own transaction, after the insert).
 */
export async function differingOpenPorts(db: Kysely<Database>, baseRunId: number, runId: number): Promise<DifferingOpenPorts> {
  const found = await storedDiff(db, baseRunId, runId);
  const diff = found ?? (db.isTransaction ? await computeAndStore(db, baseRunId, runId) : await db.transaction().execute((trx) => computeAndStore(trx, baseRunId, runId)));
  return { base: rowsOf(diff.base, baseRunId), current: rowsOf(diff.current, runId) };
}

/** Drops the stored diffs of a run (as run or as base): ingest calls it before rewriting a run's results. */
export async function deleteOpenPortDiffs(db: Db, runId: number): Promise<void> {
  await sql`DELETE FROM open_port_diffs WHERE run_id = ${runId} OR base_run_id = ${runId}`.execute(db);
}
