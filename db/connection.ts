// Opening the database. Pools opened here register their clients by backend pid, so bulk writers can
// reach the pg client underneath a kysely transaction and stream COPY into it (see copy-rows.ts).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

const clientsByBackendPid = new Map<number, pg.PoolClient>();

export interface OpenDbOptions {
  max?: number;
  /** How long opening one connection may take (default 5000 ms): a PostgreSQL that never answers fails. */
  connectTimeoutMs?: number;
  /**
   * Deadline of every statement (server-side statement_timeout, and the client gives up 1 s later when the
   * server does not answer at all). For one-shot commands; unset for the long-running control plane,
   * whose bulk ingest may legitimately take long.
   */
  queryTimeoutMs?: number;
}

/** Opens a kysely handle on a postgres:// URL. */
export function openDb<T>(url: string, options: OpenDbOptions = {}): Kysely<T> {
  // JIT compilation costs tens of milliseconds on the list query and never pays off on OLTP queries.
  const serverOptions = ['-c jit=off', ...(options.queryTimeoutMs ? [`-c statement_timeout=${options.queryTimeoutMs}`] : [])].join(' ');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    options: serverOptions,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs + 1000 } : {}),
  });
  // An idle connection the server ends (a restart, pg_terminate_backend, DROP DATABASE … WITH (FORCE) while
  // the pool is closing) is dropped by the pool; the next query opens another or fails with its own error.
  // Without a listener that would be an unhandled 'error' event and end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid) clientsByBackendPid.set(pid, client as pg.PoolClient);
  });
  pool.on('remove', (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid && clientsByBackendPid.get(pid) === client) clientsByBackendPid.delete(pid);
  });
  return new Kysely<T>({ dialect: new PostgresDialect({ pool }) });
}

/** The pg client with this backend pid, when its pool was opened by openDb in this process. */
export function clientByBackendPid(pid: number): pg.PoolClient | undefined {
  return clientsByBackendPid.get(pid);
}
