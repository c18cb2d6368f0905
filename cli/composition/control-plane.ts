// What only the control plane runs next to the chat front (`start`, `bot`): the dependency monitor (one
// "degraded" line per outage, one "recovered" line), the reaper of runs nobody will end, and the schedule
// sync that keeps Redis's job schedulers equal to the scans table. Stopped first at shutdown.
import { sql } from 'kysely';
import { startReaper, type Reaper } from '../../control/reaper.js';
import { startScheduleSync, type ScheduleSync } from '../../control/schedule-sync.js';
import { startDependencyMonitor, type DependencyMonitor } from '../../core/health/dependency-monitor.js';
import { outageNotice } from '../../core/health/outage-notice.js';
import { registerReportSchedule } from '../../worker/report-schedule.js';
import type { Backend } from './backend.js';

export interface ControlPlane {
  reaper: Reaper;
  schedules: ScheduleSync;
  monitor: DependencyMonitor;
  stop(): Promise<void>;
}

export function startControlPlane(backend: Pick<Backend, 'config' | 'logger' | 'db' | 'dispatcher' | 'publish'>): ControlPlane {
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
