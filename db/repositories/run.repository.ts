// Runs of a scan. Status changes are single conditional UPDATEs (… WHERE status IN (allowed) RETURNING),
// so two processes racing on the same run cannot both win; which transitions are allowed is decided by the
// caller (core/scans/run-status.ts), the one place that knows the state machine.
import { sql } from 'kysely';
import type { Db } from '../schema/database.js';
import type { RunRow, RunRowUpdate } from '../schema/run.table.js';

/** Creates the next run of a scan (number = last + 1). Lock the scan row first to serialise numbering. */
export async function insertNextRun(db: Db, scanId: number, trigger: string, status: string = 'planned'): Promise<RunRow> {
  const { rows } = await sql<RunRow>`
    INSERT INTO runs (scan_id, number, status, trigger)
    SELECT ${scanId}, COALESCE(MAX(number), 0) + 1, ${status}, ${trigger} FROM runs WHERE scan_id = ${scanId}
    RETURNING *`.execute(db);
  return rows[0]!;
}

/** Moves a run to `to` when its status is one of `from`; undefined when it was not (nothing changed). */
export async function transitionRun(db: Db, runId: number, from: readonly string[], to: string, set: RunRowUpdate = {}): Promise<RunRow | undefined> {
  return db
    .updateTable('runs')
    .set({ ...set, status: to })
    .where('id', '=', runId)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
}

export async function updateRun(db: Db, runId: number, set: RunRowUpdate): Promise<RunRow | undefined> {
  return db.updateTable('runs').set(set).where('id', '=', runId).returningAll().executeTakeFirst();
}

export async function runById(db: Db, runId: number, options: { forUpdate?: boolean; forShare?: boolean } = {}): Promise<RunRow | undefined> {
  const query = db.selectFrom('runs').selectAll().where('id', '=', runId);
  return (options.forUpdate ? query.forUpdate() : options.forShare ? query.forShare() : query).executeTakeFirst();
}

export async function runByNumber(db: Db, scanId: number, number: number): Promise<RunRow | undefined> {
  return db.selectFrom('runs').selectAll().where('scan_id', '=', scanId).where('number', '=', number).executeTakeFirst();
}

export async function runsOfScan(db: Db, scanId: number): Promise<RunRow[]> {
  return db.selectFrom('runs').selectAll().where('scan_id', '=', scanId).orderBy('number', 'asc').execute();
}

export async function activeRun(db: Db, scanId: number): Promise<RunRow | undefined> {
  return db.selectFrom('runs').selectAll().where('scan_id', '=', scanId).where('status', 'in', ['planned', 'running']).executeTakeFirst();
}

export async function latestRun(db: Db, scanId: number, options: { status?: string; withResults?: boolean; before?: number } = {}): Promise<RunRow | undefined> {
  let query = db.selectFrom('runs').selectAll().where('scan_id', '=', scanId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.withResults) query = query.where('results_at', 'is not', null);
  if (options.before !== undefined) query = query.where('number', '<', options.before);
  return query.orderBy('number', 'desc').limit(1).executeTakeFirst();
}

/** Deletes the oldest ended runs beyond the newest `keep` (0 keeps all); returns how many went. */
export async function pruneRuns(db: Db, scanId: number, keep: number): Promise<number> {
  if (keep <= 0) return 0;
  const result = await sql`
    DELETE FROM runs WHERE scan_id = ${scanId} AND status NOT IN ('planned', 'running') AND id IN (
      SELECT id FROM runs WHERE scan_id = ${scanId} ORDER BY number DESC OFFSET ${keep})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
