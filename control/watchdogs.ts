// The control plane's watchdogs (started by control-plane.ts): the dependency monitor (one "degraded" line
// per outage, one "recovered" line), the reaper of runs nobody will end, and the schedule sync that keeps
// Redis's job schedulers equal to the scans table.
import { sql } from 'kysely';
import { startReaper, type Reaper } from './reaper.js';
import { startScheduleSync, type ScheduleSync } from './schedule-sync.js';
import { startDependencyMonitor, type DependencyMonitor } from '../core/health/dependency-monitor.js';
import { outageNotice } from '../core/health/outage-notice.js';
import { registerReportSchedule } from './report-schedule.js';
import type { Kysely } from 'kysely';
import type { Config } from '../core/config.js';
import type { PublishRunEvent } from '../core/events/run-event-publisher.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/schema/database.js';
import type { BullmqDispatcher } from '../worker/bullmq-dispatcher.js';

export interface Watchdogs {
  reaper: Reaper;
  schedules: ScheduleSync;
  monitor: DependencyMonitor;
  stop(): Promise<void>;
}

export interface WatchdogDeps {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
  dispatcher: BullmqDispatcher;
  publish: PublishRunEvent;
}

export function startWatchdogs(backend: WatchdogDeps): Watchdogs {
  const { config, logger, db, dispatcher } = backend;
  const monitor = startDependencyMonitor({
    redis: () => dispatcher.queue.getJobCounts('waiting'),
    postgres: () => sql`select 1`.execute(db),
  }, logger, config.DEPENDENCY_CHECK_SECONDS * 1000);
  const reaper = startReaper({
    db, dispatcher, logger, publish: backend.publish,
    intervalMs: config.REAPER_INTERVAL_SECONDS * 1000,
    limits: {
      heartbeatMs: 2 * config.HEARTBEAT_INTERVAL_SECONDS * 1000,
      plannedGraceMs: Math.max(30_000, 2 * config.REAPER_INTERVAL_SECONDS * 1000),
      finishedGraceMs: 10_000,
    },
  });
  const schedules = startScheduleSync({
    db, registry: dispatcher, logger, publish: backend.publish,
    registerDigest: () => registerReportSchedule(dispatcher.schedules, config),
    redis: outageNotice('redis', logger),
    intervalMs: config.DEPENDENCY_CHECK_SECONDS * 1000,
  });
  return {
    reaper, schedules, monitor,
    async stop() {
      monitor.stop();
      schedules.stop();
      await reaper.stop();
    },
  };
}
