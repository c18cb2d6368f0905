// Open ports of a run: bulk write (COPY, with an UNNEST fallback in batches far below the 65,535-parameter
// limit), counts and the rows of a run. Rows with an address or port PostgreSQL would refuse are skipped
// and counted, so one hostile line of tool output cannot sink a whole ingest.
import { isIP } from 'node:net';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from '../schema/database.js';
import type { OpenPortRow } from '../schema/result.table.js';
import { copyChunks, copyInto, copyText, stripNul } from '../copy-rows.js';

export interface OpenPortInput {
  ip: string;
  port: number;
  protocol: string;
  state: string;
  service?: string | null;
  product?: string | null;
  version?: string | null;
  banner?: string | null;
  ttl?: number | null;
  scripts?: Record<string, string> | null;
}

const COLUMNS = ['run_id', 'ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'ttl', 'scripts'];
const UNNEST_BATCH = 20_000;

export function isStorablePort(p: OpenPortInput): boolean {
  return isIP(p.ip) !== 0 && Number.isInteger(p.port) && p.port >= 0 && p.port <= 65535 && (p.protocol === 'tcp' || p.protocol === 'udp');
}

// eslint-disable-next-line no-control-regex -- jsonb refuses \u0000, so NUL characters are dropped
const NUL = /\u0000/g;
const withoutNul = (_key: string, value: unknown) => (typeof value === 'string' ? value.replace(NUL, '') : value);

function scriptsJson(scripts: Record<string, string> | null | undefined): string | null {
  return scripts ? JSON.stringify(scripts, withoutNul) : null;
}

function ttlOf(ttl: number | null | undefined): number | null {
  return typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0 && ttl < 2 ** 31 ? ttl : null;
}

/** Writes the open ports of a run inside `trx`; returns how many were written and skipped. */
export async function insertOpenPorts(trx: Transaction<Database>, runId: number, ports: readonly OpenPortInput[]): Promise<{ written: number; skipped: number }> {
  const rows = ports.filter(isStorablePort);
  const prefix = `${runId}\t`;
  const line = (p: OpenPortInput) =>
    `${prefix}${p.ip}\t${p.port}\t${p.protocol}\t${copyText(p.state)}\t${copyText(p.service)}\t${copyText(p.product)}\t${copyText(p.version)}\t${copyText(p.banner)}\t${copyText(ttlOf(p.ttl))}\t${copyText(scriptsJson(p.scripts))}\n`;
  const copied = rows.length > 0 && (await copyInto(trx, 'open_ports', COLUMNS, copyChunks(rows, line)));
  if (!copied) {
    for (let i = 0; i < rows.length; i += UNNEST_BATCH) await insertBatch(trx, runId, rows.slice(i, i + UNNEST_BATCH));
  }
  return { written: rows.length, skipped: ports.length - rows.length };
}

async function insertBatch(trx: Db, runId: number, c: OpenPortInput[]): Promise<void> {
  const col = <K extends 'ip' | 'port' | 'protocol' | 'state' | 'service' | 'product' | 'version' | 'banner'>(k: K) => c.map((p) => {
    const value = p[k] ?? null;
    return typeof value === 'string' ? stripNul(value) : value;
  });
  await sql`
    INSERT INTO open_ports (run_id, ip, port, protocol, state, service, product, version, banner, ttl, scripts)
    SELECT ${runId}, * FROM unnest(${col('ip')}::inet[], ${col('port')}::int[], ${col('protocol')}::text[], ${col('state')}::text[],
      ${col('service')}::text[], ${col('product')}::text[], ${col('version')}::text[], ${col('banner')}::text[],
      ${c.map((p) => ttlOf(p.ttl))}::int[], ${c.map((p) => scriptsJson(p.scripts))}::jsonb[])`.execute(trx);
}

export async function deleteOpenPorts(db: Db, runId: number): Promise<void> {
  await db.deleteFrom('open_ports').where('run_id', '=', runId).execute();
}

export async function openPortsOfRun(db: Db, runId: number): Promise<OpenPortRow[]> {
  return db.selectFrom('open_ports').selectAll().where('run_id', '=', runId).orderBy('ip').orderBy('port').orderBy('protocol').execute();
}

type SideRow = { [K in keyof OpenPortRow as `a_${K & string}` | `b_${K & string}`]: OpenPortRow[K] | null };

function side(row: SideRow, prefix: 'a' | 'b', runId: number): OpenPortRow | undefined {
  const get = <K extends keyof OpenPortRow>(k: K) => row[`${prefix}_${k}` as keyof SideRow] as OpenPortRow[K];
  if (get('ip') === null) return undefined;
  return {
    run_id: runId, ip: get('ip'), port: get('port'), protocol: get('protocol'), state: get('state'), service: get('service'),
    product: get('product'), version: get('version'), banner: null, ttl: null, scripts: null,
  };
}

/**
 * The ports of two runs that are not identical in (ip, port, protocol, service, product, version): what a
 * diff looks at. One hash full join in SQL, so two runs of a million ports never travel to Node whole.
 */
export async function differingOpenPorts(db: Kysely<Database>, baseRunId: number, runId: number): Promise<{ base: OpenPortRow[]; current: OpenPortRow[] }> {
  const cols = (p: 'a' | 'b') => sql.raw(['ip', 'port', 'protocol', 'state', 'service', 'product', 'version'].map((c) => c === 'ip' ? `host(${p}.ip) AS ${p}_ip` : `${p}.${c} AS ${p}_${c}`).join(', '));
  const inTransaction = <T>(work: (trx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  const rows = await inTransaction(async (trx) => {
    await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
    const result = await sql<SideRow>`
      SELECT ${cols('a')}, ${cols('b')}
      FROM (SELECT * FROM open_ports WHERE run_id = ${baseRunId}) a
      FULL JOIN (SELECT * FROM open_ports WHERE run_id = ${runId}) b ON a.ip = b.ip AND a.port = b.port AND a.protocol = b.protocol
      WHERE a.ip IS NULL OR b.ip IS NULL OR a.service IS DISTINCT FROM b.service OR a.product IS DISTINCT FROM b.product
        OR a.version IS DISTINCT FROM b.version`.execute(trx);
    return result.rows;
  });
  const base: OpenPortRow[] = [];
  const current: OpenPortRow[] = [];
  for (const row of rows) {
    const a = side(row, 'a', baseRunId);
    const b = side(row, 'b', runId);
    if (a) base.push(a);
    if (b) current.push(b);
  }
  return { base, current };
}
