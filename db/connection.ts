// Opening the database. Pools opened here register their clients by backend pid, so bulk writers can
// reach the pg client underneath a kysely transaction and stream COPY into it (see copy-rows.ts).
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

const clientsByBackendPid = new Map<number, pg.PoolClient>();

/** Opens a kysely handle on a postgres:// URL. */
export function openDb<T>(url: string, options: { max?: number } = {}): Kysely<T> {
  // JIT compilation costs tens of milliseconds on the list query and never pays off on OLTP queries.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, options: '-c jit=off' });
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
