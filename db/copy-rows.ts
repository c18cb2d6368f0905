// Bulk writing with COPY … FROM STDIN inside a kysely transaction: the fastest way PostgreSQL offers to
// load a million rows (no parameter limit, no per-row statement). Values are encoded in COPY's text format.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Transaction } from 'kysely';
import copyStreams from 'pg-copy-streams';
import { clientByBackendPid } from './connection.js';

export type CopyValue = string | number | null | undefined;

// eslint-disable-next-line no-control-regex -- NUL cannot be stored in PostgreSQL text, so it is dropped
const NEEDS_ESCAPE = /[\\\t\n\r\u0000]/;
// eslint-disable-next-line no-control-regex -- as above
const ESCAPED = /[\\\t\n\r\u0000]/g;

/** One value in COPY text format: NULL as \N; backslash, tab, newline and CR escaped; NUL bytes dropped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, escapeChar) : value;
}

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '';
}

/** One COPY text field read back (\N is null; the escapes copyText writes undone). */
export function readCopyField(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(/\\([\\tnr])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : field;
}

/** A text[] value as a PostgreSQL array literal (each element quoted), for copyText; null for none. */
export function arrayLiteral(values: readonly string[] | null | undefined): string | null {
  if (!values || values.length === 0) return null;
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** Joins rows, each turned into one COPY line (ending in \n) by `toLine`, into chunks of about 64 KiB. */
export function* copyChunks<R>(rows: Iterable<R>, toLine: (row: R) => string): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += toLine(row);
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A COPY line of values. */
export function copyLine(values: CopyValue[]): string {
  return `${values.map(copyText).join('\t')}\n`;
}

/**
 * Streams rows into `table (columns)` on the connection of `trx`. Returns false (writing nothing) when the
 * connection was not opened by openDb in this process; callers then fall back to batched INSERTs.
 */
export async function copyInto<T>(trx: Transaction<T>, table: string, columns: readonly string[], chunks: Iterable<string | Uint8Array>): Promise<boolean> {
  const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
  const client = rows[0] ? clientByBackendPid(rows[0].pid) : undefined;
  if (!client) return false;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  await pipeline(Readable.from(chunks), client.query(copyStreams.from(statement)));
  return true;
}

/** Text without NUL characters (PostgreSQL text cannot hold them), for the non-COPY write paths. */
export function stripNul<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replace(ESCAPED_NUL, '') : value) as T;
}
// eslint-disable-next-line no-control-regex -- as above
const ESCAPED_NUL = /\u0000/g;
