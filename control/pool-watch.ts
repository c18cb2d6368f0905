// A run whose pool has no online scanner says so instead of waiting silently: every heartbeat interval the
// control plane marks the planned runs of such pools (their phase, shown by `/scan show` and the status
// message) and clears the mark once a scanner of the pool is online again.
import { sql, type Kysely } from 'kysely';
import type { Logger } from '../core/logger.js';
import { onlinePools } from '../db/repositories/scanner.repository.js';
import type { Database } from '../db/schema/database.js';

export const WAITING_PREFIX = 'waiting: no scanner of pool ';

export async function markWaitingRuns(db: Kysely<Database>, heartbeatSeconds: number): Promise<void> {
  const online = [...(await onlinePools(db, new Date(Date.now() - 2 * heartbeatSeconds * 1000)))];
  await sql`
    UPDATE runs r SET phase = ${WAITING_PREFIX} || s.pool || ' is online (add one with /scan scanners add NAME pool=' || s.pool || ')'
    FROM scans s WHERE r.scan_id = s.id AND r.status = 'planned' AND NOT (s.pool = ANY(${online}::text[]))
      AND r.phase IS DISTINCT FROM ${WAITING_PREFIX} || s.pool || ' is online (add one with /scan scanners add NAME pool=' || s.pool || ')'`.execute(db);
  await sql`
    UPDATE runs r SET phase = NULL FROM scans s
    WHERE r.scan_id = s.id AND r.status = 'planned' AND s.pool = ANY(${online}::text[]) AND r.phase LIKE ${`${WAITING_PREFIX}%`}`.execute(db);
}

export function startPoolWatch(db: Kysely<Database>, heartbeatSeconds: number, logger: Logger): () => void {
  const tick = () => markWaitingRuns(db, heartbeatSeconds).catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'pool watch failed'));
  void tick();
  const timer = setInterval(tick, heartbeatSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
