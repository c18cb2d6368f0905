// What PostgreSQL knows of scan schedules — the source of truth the control plane re-registers in Redis
// from — and the record of a firing lost to a Redis outage: a warning in the scan's latest run log and an
// audit entry, plus a run.skipped event, so users see it instead of a schedule that silently stopped.
import type { Kysely } from 'kysely';
import { CronExpressionParser } from 'cron-parser';
import { appendAudit } from '../../db/repositories/audit.repository.js';
import { appendRunLogs } from '../../db/repositories/run-log.repository.js';
import { latestRun } from '../../db/repositories/run.repository.js';
import type { Database } from '../../db/schema/database.js';
import type { RunEvent } from '../events/run-events.js';

export interface StoredSchedule {
  id: number;
  scanId: string;
  name: string;
  cron: string;
  timezone: string | null;
}

export async function storedSchedules(db: Kysely<Database>): Promise<StoredSchedule[]> {
  const rows = await db.selectFrom('scans').select(['id', 'public_id', 'name', 'schedule', 'timezone']).where('schedule', 'is not', null).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, scanId: r.public_id, name: r.name, cron: r.schedule!, timezone: r.timezone }));
}

/** The firings of `cron` in (from, to], at most `limit` of them (a minutely cron over a long outage). */
export function firingsBetween(schedule: Pick<StoredSchedule, 'cron' | 'timezone'>, from: Date, to: Date, limit = 100): Date[] {
  const it = CronExpressionParser.parse(schedule.cron, { currentDate: from, endDate: to, ...(schedule.timezone ? { tz: schedule.timezone } : {}) });
  const out: Date[] = [];
  while (out.length < limit && it.hasNext()) out.push(it.next().toDate());
  return out;
}

/**
 * Records each firing of (from, to] that produced no run (`firstRunsLate`: the first one will still run) (a run triggered by the schedule after it means
 * the firing was only late, not lost). Returns the firings recorded as skipped.
 */
export async function recordMissedFirings(deps: { db: Kysely<Database>; publish: (event: RunEvent) => Promise<void> }, schedule: StoredSchedule, from: Date, to: Date, why: string, options: { firstRunsLate?: boolean } = {}): Promise<Date[]> {
  // When Redis kept its data, BullMQ still holds the first missed firing as a delayed job and runs it late.
  const firings = firingsBetween(schedule, from, to).slice(options.firstRunsLate ? 1 : 0);
  if (firings.length === 0) return [];
  const newest = await deps.db.selectFrom('runs').select(['created_at']).where('scan_id', '=', schedule.id).where('trigger', '=', 'schedule').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  const missed = firings.filter((at) => !newest || newest.created_at.getTime() < at.getTime());
  if (missed.length === 0) return [];
  const list = missed.map((d) => d.toISOString()).join(', ');
  const reason = `schedule firing${missed.length > 1 ? 's' : ''} at ${list} skipped: ${why}`;
  const latest = await latestRun(deps.db, schedule.id);
  if (latest) await appendRunLogs(deps.db, latest.id, [{ at: new Date(), level: 'warning', message: reason }]);
  await appendAudit(deps.db, { platform: 'system', user_id: 'schedule-sync', channel_id: '-', command: `schedule ${schedule.scanId}`, result: 'error', detail: reason });
  await deps.publish({ type: 'run.skipped', scanId: schedule.scanId, scanName: schedule.name, runId: latest?.id ?? 0, run: latest?.number ?? 0, at: new Date().toISOString(), reason });
  return missed;
}
