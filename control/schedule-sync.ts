// Schedules survive Redis. Scan schedules are BullMQ job schedulers, which live only in Redis; the truth
// is the scans table. The control plane registers every stored schedule (and the report digest) at start,
// again whenever Redis comes back from an outage or turns out to have lost its data (a marker key that a
// restart without persistence wipes), and removes schedulers of scans that no longer have one. Firings
// that fell into the outage are recorded as skipped (core/scans/schedule-records.ts), never lost silently.
import type { Kysely } from 'kysely';
import { messageOf } from '../core/deadline.js';
import type { RunEvent } from '../core/events/run-events.js';
import type { OutageNotice } from '../core/health/outage-notice.js';
import type { Logger } from '../core/logger.js';
import { recordMissedFirings, storedSchedules } from '../core/scans/schedule-records.js';
import type { Database } from '../db/schema/database.js';

/** The queue side (BullmqDispatcher has all of it). */
export interface ScheduleRegistry {
  setSchedule(scanId: string, cron: string, timezone: string | null): Promise<void>;
  removeSchedule(scanId: string): Promise<void>;
  scheduledScanIds(): Promise<string[]>;
  markSchedulesSynced(): Promise<void>;
  schedulesSynced(): Promise<boolean>;
}

export interface ScheduleSyncDeps {
  db: Kysely<Database>;
  registry: ScheduleRegistry;
  /** Upserts the REPORT_SCHEDULE digest scheduler. */
  registerDigest: () => Promise<void>;
  logger: Logger;
  publish: (event: RunEvent) => Promise<void>;
  /** The process's Redis notice: a recovery triggers a sync. */
  redis: OutageNotice;
  /** How often the marker is checked (a Redis restarted between two probes is noticed here). */
  intervalMs: number;
}

export interface SyncOutcome {
  registered: number;
  removed: number;
  skippedFirings: number;
}

export interface ScheduleSync {
  /** Registers everything now; `missedSince`: record the firings since then as skipped. */
  syncNow(why: string, missedSince?: Date): Promise<SyncOutcome>;
  stop(): void;
}

export function startScheduleSync(deps: ScheduleSyncDeps): ScheduleSync {
  const { db, registry, logger } = deps;
  /** The last moment Redis was known to hold our schedules. */
  let confirmedAt: Date | null = null;
  let syncing: Promise<SyncOutcome> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function sync(why: string, missedSince?: Date): Promise<SyncOutcome> {
    const outcome: SyncOutcome = { registered: 0, removed: 0, skippedFirings: 0 };
    const startedAt = new Date();
    // Did Redis keep its data through the outage? Then each schedule's next firing survived as a delayed job.
    const dataKept = missedSince ? await registry.schedulesSynced() : false;
    const schedules = await storedSchedules(db);
    for (const s of schedules) {
      await registry.setSchedule(s.scanId, s.cron, s.timezone);
      outcome.registered++;
    }
    const wanted = new Set(schedules.map((s) => s.scanId));
    for (const scanId of await registry.scheduledScanIds()) {
      if (wanted.has(scanId)) continue;
      await registry.removeSchedule(scanId);
      outcome.removed++;
    }
    await deps.registerDigest();
    await registry.markSchedulesSynced();
    confirmedAt = startedAt;
    if (missedSince) {
      const reason = `Redis was unreachable or lost its data (${why})`;
      for (const s of schedules) {
        try {
          outcome.skippedFirings += (await recordMissedFirings({ db, publish: deps.publish }, s, missedSince, startedAt, reason, { firstRunsLate: dataKept })).length;
        } catch (error) {
          logger.warn({ scanId: s.scanId, err: messageOf(error) }, 'a skipped schedule firing could not be recorded');
        }
      }
    }
    logger.info({ why, ...outcome }, 'schedules registered from the database');
    return outcome;
  }

  function syncNow(why: string, missedSince?: Date): Promise<SyncOutcome> {
    syncing ??= sync(why, missedSince).finally(() => {
      syncing = null;
    });
    return syncing;
  }

  const attempt = (why: string, missedSince?: Date) =>
    syncNow(why, missedSince).catch((error: unknown) => {
      deps.redis.failed(error, 'schedule sync');
      logger.debug({ why, err: messageOf(error) }, 'schedules not registered yet; retried when Redis is back');
    });

  async function check(): Promise<void> {
    if (confirmedAt === null) return void (await attempt('start'));
    try {
      if (await registry.schedulesSynced()) {
        confirmedAt = new Date();
        return;
      }
      logger.warn('Redis has lost the schedules (restarted without persistence?): registering them again');
      await attempt('Redis lost its data', confirmedAt);
    } catch {
      // Redis unreachable: the notice has said so; the recovery listener re-registers.
    }
  }

  deps.redis.onRecovered((downSince) => {
    if (!stopped) void attempt('Redis came back', confirmedAt ?? downSince);
  });
  const tick = () => {
    if (stopped) return;
    void check().finally(() => {
      if (stopped) return;
      timer = setTimeout(tick, deps.intervalMs);
      timer.unref();
    });
  };
  void attempt('start');
  timer = setTimeout(tick, deps.intervalMs);
  timer.unref();

  return {
    syncNow,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
