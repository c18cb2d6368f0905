// The parts only the control plane runs, assembled: the watchdogs (reaper, schedule sync, dependency
// monitor), the scanners' report side, ingest of their streams, the schedules worker and the pool watch (planned runs of a
// pool with no online scanner say so). `start`, `bot` and `ingest`
// run it; `chat` only signs (it submits runs but applies nothing).
import type { Kysely } from 'kysely';
import type { Config } from '../core/config.js';
import type { PublishRunEvent } from '../core/events/run-event-publisher.js';
import type { Logger } from '../core/logger.js';
import { createScannerReportSide } from '../core/scans/run-worker-side.js';
import type { ScanService } from '../core/scans/scan-service.contract.js';
import type { Database } from '../db/schema/database.js';
import type { BullmqDispatcher } from '../worker/bullmq-dispatcher.js';
import { startIngest, type RunningIngest } from './ingest.js';
import { startPoolWatch } from './pool-watch.js';
import { startScheduleRunner, type ScheduleRunner } from './schedule-runner.js';
import { startWatchdogs } from './watchdogs.js';

export interface ControlPlaneDeps {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  service: ScanService;
  dispatcher: BullmqDispatcher;
  publish: PublishRunEvent;
  prefix: string;
  /** Run the schedules worker too (default true). */
  schedules?: boolean;
}

export interface RunningControlPlane {
  ingest: RunningIngest;
  close(): Promise<void>;
}

export async function startControlPlane(deps: ControlPlaneDeps): Promise<RunningControlPlane> {
  // The watchdogs first: the reaper, schedule sync and degraded notices run even while Redis is still down.
  const watchdogs = startWatchdogs(deps);
  const reports = createScannerReportSide({ db: deps.db, dispatcher: deps.dispatcher, logger: deps.logger, publish: deps.publish, retention: deps.config.RUN_RETENTION });
  const ingest = await startIngest({ db: deps.db, redisUrl: deps.config.REDIS_URL, prefix: deps.prefix, reports, logger: deps.logger }).catch(async (error: unknown) => {
    await watchdogs.stop();
    throw error;
  });
  let schedules: ScheduleRunner | null = null;
  if (deps.schedules !== false) {
    schedules = await startScheduleRunner({ service: deps.service, config: deps.config, logger: deps.logger, prefix: deps.prefix }).catch(async (error: unknown) => {
      await ingest.close();
      await watchdogs.stop();
      throw error;
    });
  }
  const stopPoolWatch = startPoolWatch(deps.db, deps.config.HEARTBEAT_INTERVAL_SECONDS, deps.logger);
  return {
    ingest,
    async close() {
      await watchdogs.stop();
      stopPoolWatch();
      await schedules?.close();
      await ingest.close();
    },
  };
}
