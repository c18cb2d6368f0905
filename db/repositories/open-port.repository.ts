// Open ports of a run: bulk write (COPY, with an UNNEST fallback in batches far below the 65,535-parameter
// limit), counts and the rows of a run. Rows with an address or port PostgreSQL would refuse are skipped
// and counted, so one hostile line of tool output cannot sink a whole ingest.
import { isIP } from 'node:net';
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../schema/database.js';
import type { OpenPortRow } from '../schema/result.table.js';
import { arrayLiteral, copyChunks, copyInto, copyText, stripNul } from '../copy-rows.js';
import { deleteOpenPortDiffs } from './open-port-diff.repository.js';

export { differingOpenPorts } from './open-port-diff.repository.js';

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
  cpes?: readonly string[] | null;
}

const COLUMNS = ['run_id', 'ip', 'port', 'protocol', 'state', 'service', 'product', 'version', 'banner', 'ttl', 'scripts', 'cpes'];
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

/** At most 16 CPEs of at most 200 characters, without NUL: scanner output is hostile input. */
export function cpesOf(cpes: readonly string[] | null | undefined): string[] | null {
  if (!cpes || cpes.length === 0) return null;
  return cpes.slice(0, 16).map((c) => stripNul(c).slice(0, 200));
}

/** Writes the open ports of a run inside `trx`; returns how many were written and skipped. */
export async function insertOpenPorts(trx: Transaction<Database>, runId: number, ports: readonly OpenPortInput[]): Promise<{ written: number; skipped: number }> {
  const rows = ports.filter(isStorablePort);
  const prefix = `${runId}\t`;
  const line = (p: OpenPortInput) =>
    `${prefix}${p.ip}\t${p.port}\t${p.protocol}\t${copyText(p.state)}\t${copyText(p.service)}\t${copyText(p.product)}\t${copyText(p.version)}\t${copyText(p.banner)}\t${copyText(ttlOf(p.ttl))}\t${copyText(scriptsJson(p.scripts))}\t${copyText(arrayLiteral(cpesOf(p.cpes)))}\n`;
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
    INSERT INTO open_ports (run_id, ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes)
    SELECT ${runId}, ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes::text[] FROM unnest(${col('ip')}::inet[], ${col('port')}::int[], ${col('protocol')}::text[], ${col('state')}::text[],
      ${col('service')}::text[], ${col('product')}::text[], ${col('version')}::text[], ${col('banner')}::text[],
      ${c.map((p) => ttlOf(p.ttl))}::int[], ${c.map((p) => scriptsJson(p.scripts))}::jsonb[],
      ${c.map((p) => arrayLiteral(cpesOf(p.cpes)))}::text[])
      AS u(ip, port, protocol, state, service, product, version, banner, ttl, scripts, cpes)`.execute(trx);
}

/** Also drops the diffs stored against the old rows, so a rewritten run is never compared by a stale diff. */
export async function deleteOpenPorts(db: Db, runId: number): Promise<void> {
  await db.deleteFrom('open_ports').where('run_id', '=', runId).execute();
  await deleteOpenPortDiffs(db, runId);
}

export async function openPortsOfRun(db: Db, runId: number): Promise<OpenPortRow[]> {
  return db.selectFrom('open_ports').selectAll().where('run_id', '=', runId).orderBy('ip').orderBy('port').orderBy('protocol').execute();
}
