// Scans (their stored configuration) and the one query behind `/scan list` and `/scan show`: each scan
// with its latest run and the latest completed run with results (whose counts are shown: a failed or
// cancelled run's partial results never stand for the scan), two index lookups per scan shown.
import { sql } from 'kysely';
import type { Db } from '../schema/database.js';
import type { NewScanRow, ScanRow, ScanRowUpdate } from '../schema/scan.table.js';

export async function insertScan(db: Db, scan: NewScanRow): Promise<ScanRow> {
  return db.insertInto('scans').values(scan).returningAll().executeTakeFirstOrThrow();
}

export async function scanByPublicId(db: Db, publicId: string, options: { forUpdate?: boolean } = {}): Promise<ScanRow | undefined> {
  const query = db.selectFrom('scans').selectAll().where('public_id', '=', publicId.toUpperCase());
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function scanById(db: Db, id: number): Promise<ScanRow | undefined> {
  return db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateScan(db: Db, id: number, changes: ScanRowUpdate): Promise<ScanRow | undefined> {
  return db.updateTable('scans').set({ ...changes, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deletes a scan; runs cascade, and their logs, ports, findings and chat messages with them. */
export async function deleteScan(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('scans').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface ScanOverviewRow extends ScanRow {
  run_id: number | null;
  run_number: number | null;
  run_status: string | null;
  run_progress: number | null;
  run_phase: string | null;
  run_started_at: Date | null;
  run_ended_at: Date | null;
  run_error: string | null;
  /** The latest *completed* run with results: the counts below are its counts. */
  results_run: number | null;
  results_ended_at: Date | null;
  open_port_count: number | null;
  finding_count: number | null;
  critical_count: number | null;
  high_count: number | null;
  medium_count: number | null;
  low_count: number | null;
  info_count: number | null;
}

/** Which scans an overview query reads: one by public id, or a page of them (optionally by latest status). */
export type ScanOverviewFilter = { publicId: string } | { status?: string; limit: number; offset: number };

/**
 * Scans with their latest run and latest results, newest activity first (activity_at, id). The page of ids
 * comes off the scans_activity_idx index before anything is joined; then each row is a few primary-key and
 * index lookups (LATERAL … LIMIT 1 keeps them lookups: the planner would otherwise hash-join whole tables
 * for a 200-row page), and the counts come stored on the run row. The cost follows the page, not the table.
 */
export async function scanOverviews(db: Db, filter: ScanOverviewFilter): Promise<ScanOverviewRow[]> {
  const chosen = 'publicId' in filter
    ? sql`SELECT id FROM scans WHERE public_id = ${filter.publicId.toUpperCase()}`
    : sql`SELECT s.id FROM scans s ${latestStatusJoin(filter.status)}
        ORDER BY s.activity_at DESC, s.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`;
  const { rows } = await sql<ScanOverviewRow>`
    SELECT s.*, r.id AS run_id, r.number AS run_number, r.status AS run_status, r.progress AS run_progress, r.phase AS run_phase,
      r.started_at AS run_started_at, r.ended_at AS run_ended_at, r.error_message AS run_error,
      rr.number AS results_run, rr.ended_at AS results_ended_at, rr.open_port_count, rr.finding_count, rr.critical_count, rr.high_count, rr.medium_count, rr.low_count, rr.info_count
    FROM (${chosen}) page
    CROSS JOIN LATERAL (SELECT * FROM scans WHERE scans.id = page.id LIMIT 1) s
    LEFT JOIN LATERAL (SELECT * FROM runs WHERE runs.id = s.latest_run_id LIMIT 1) r ON true
    LEFT JOIN LATERAL (
      SELECT number, ended_at, open_port_count, finding_count, critical_count, high_count, medium_count, low_count, info_count
      FROM runs WHERE runs.scan_id = s.id AND results_at IS NOT NULL AND status = 'completed' ORDER BY number DESC LIMIT 1) rr ON true
    ORDER BY s.activity_at DESC, s.id DESC`.execute(db);
  return rows;
}

/** How many scans there are (whose latest run has `status`, when given): linear in those scans, ~2 ms per 10,000. */
export async function countScans(db: Db, status?: string): Promise<number> {
  const { rows } = await sql<{ total: number }>`SELECT count(*)::int AS total FROM scans s ${latestStatusJoin(status)}`.execute(db);
  return rows[0]?.total ?? 0;
}

function latestStatusJoin(status: string | undefined) {
  return status === undefined ? sql`` : sql`JOIN runs latest ON latest.id = s.latest_run_id AND latest.status = ${status}`;
}
