// Log lines of runs: appended in batches (one statement per batch), read back by level.
import { sql } from 'kysely';
import type { Db } from '../schema/database.js';
import type { RunLogRow } from '../schema/run-log.table.js';

export interface LogLineInput {
  at: Date;
  level: string;
  message: string;
}

const BATCH = 5_000;

export async function appendRunLogs(db: Db, runId: number, lines: readonly LogLineInput[]): Promise<void> {
  for (let i = 0; i < lines.length; i += BATCH) {
    const c = lines.slice(i, i + BATCH);
    await sql`
      INSERT INTO run_logs (run_id, at, level, message)
      SELECT ${runId}, * FROM unnest(${c.map((l) => l.at.toISOString())}::timestamptz[], ${c.map((l) => l.level)}::text[],
        ${c.map((l) => stripNul(l.message))}::text[])`.execute(db);
  }
}

export async function logsOfRun(db: Db, runId: number, options: { levels?: readonly string[]; lastN?: number } = {}): Promise<RunLogRow[]> {
  let query = db.selectFrom('run_logs').selectAll().where('run_id', '=', runId);
  if (options.levels) query = query.where('level', 'in', [...options.levels]);
  if (options.lastN === undefined) return query.orderBy('id', 'asc').execute();
  const last = await query.orderBy('id', 'desc').limit(options.lastN).execute();
  return last.reverse();
}

function stripNul(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL cannot be stored in PostgreSQL text
  return text.replace(/\u0000/g, '');
}
