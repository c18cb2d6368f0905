// What the job handlers share: the scan service's worker side, config, the runs in flight, the event
// publisher, a Redis client for flags and chunk progress, and the scan engine (injectable for tests).
import type { FlowProducer } from 'bullmq';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { RedisClient } from '../core/redis.js';
import type { ScanService } from '../core/scans/scan-service.contract.js';
import type { ActiveRuns } from './active-runs.js';
import type { PublishRunEvent } from './run-events-publisher.js';
import type { RunScan } from './scan-execution.js';
import type { WorkerSettings } from './worker-settings.js';

export type WorkerScanService = Pick<
  ScanService,
  'runForJob' | 'markRunning' | 'recordProgress' | 'appendLogs' | 'finishRun' | 'failRun' | 'scheduledRun' | 'heartbeat'
  // the report summary job
  | 'list' | 'reportInput' | 'subscribers'
>;

export interface WorkerContext {
  workerId: string;
  service: WorkerScanService;
  config: Config;
  settings: WorkerSettings;
  logger: Logger;
  active: ActiveRuns;
  publish: PublishRunEvent;
  control: RedisClient;
  flows: FlowProducer;
  runScan: RunScan;
}

/** Thrown by a handler whose scan was stopped by the shutdown: the job goes back to the queue. */
export class HandBack extends Error {
  constructor() {
    super('handed back to the queue at worker shutdown');
    this.name = 'HandBack';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
