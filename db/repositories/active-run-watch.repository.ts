// The active runs (planned or running) with what the reaper needs to judge them: their scan's public id
// and the last heartbeat of the worker that took them (null: never taken, or that worker never beat).
import type { Db } from '../schema/database.js';

export interface WatchedRunRow {
  id: number;
  number: number;
  status: string;
  scan_id: number;
  scan_public_id: string;
  scan_name: string;
  scan_pool: string;
  worker_id: string | null;
  created_at: Date;
  started_at: Date | null;
  progress: number;
  worker_last_seen: Date | null;
  worker_running_jobs: number | null;
}

export async function watchedActiveRuns(db: Db, options: { runId?: number; limit?: number } = {}): Promise<WatchedRunRow[]> {
  let query = db
    .selectFrom('runs')
    .innerJoin('scans', 'scans.id', 'runs.scan_id')
    .leftJoin('scanners', 'scanners.worker_id', 'runs.worker_id')
    .select([
      'runs.id', 'runs.number', 'runs.status', 'runs.scan_id', 'scans.public_id as scan_public_id', 'scans.name as scan_name', 'scans.pool as scan_pool',
      'runs.worker_id', 'runs.created_at', 'runs.started_at', 'runs.progress',
      'scanners.last_seen as worker_last_seen', 'scanners.running_jobs as worker_running_jobs',
    ])
    .where('runs.status', 'in', ['planned', 'running']);
  if (options.runId !== undefined) query = query.where('runs.id', '=', options.runId);
  return query.orderBy('runs.id', 'asc').limit(options.limit ?? 1000).execute() as Promise<WatchedRunRow[]>;
}
