// What the job handlers share: the scanner's link to the control plane (WorkerScanService, over its Redis
// result stream), its identity and pool, config, the order-verification key, the runs in flight, a Redis
// client for flags and chunk progress, and the scan engine (injectable for tests). Nothing here reaches
// PostgreSQL: the scanner side imports neither db/ nor core/scans.
import type { KeyObject } from 'node:crypto';
import type { FlowProducer } from 'bullmq';
import type { Config } from '../core/config.js';
import type { ScannerMessage, ShippedBatches, WireFinding } from '../core/events/scanner-stream.js';
import type { Logger } from '../core/logger.js';
import type { RedisClient } from '../core/redis.js';
import type { LogLevel } from '../scanner/types.js';
import type { ActiveRuns } from './active-runs.js';
import type { RunScan } from './scan-execution.js';
import type { WorkerSettings } from './worker-settings.js';

export interface RunFinal {
  status: 'completed' | 'failed' | 'cancelled';
  error?: string;
  warnings: string[];
  progress: number;
  startedAt: string;
  endedAt: string;
  /** Every batch shipped for the run by the executions that make up this outcome. */
  shipped: ShippedBatches[];
}

export interface HeartbeatReport {
  workerId: string;
  host: string;
  version: string;
  capabilities: { masscan: string | null; nmap: string | null; rawSockets: boolean; problems: string[] };
  runningJobs: number;
}

/** The scanner's side of the scan service: reports only, applied by the control plane. */
export interface WorkerScanService {
  send(message: ScannerMessage): Promise<void>;
  started(runId: number, workerId: string, chunk: number | null): Promise<void>;
  recordProgress(runId: number, percent: number, phase: string): Promise<void>;
  appendLogs(runId: number, lines: Array<{ at: Date; level: LogLevel; message: string }>): Promise<void>;
  /** One batch: its open ports as port lines (db/port-lines.ts encodePortLine), with their findings. */
  shipResults(runId: number, batchId: string, portLines: readonly string[], findings: WireFinding[]): Promise<void>;
  finishRun(runId: number, final: RunFinal): Promise<void>;
  heartbeat(beat: HeartbeatReport): Promise<void>;
}

/** Who this scanner is: its name (its Redis user `scanner-NAME`) and the pool whose orders it takes. */
export interface ScannerIdentity {
  name: string;
  pool: string;
}

export type ScannerConfig = Pick<Config, 'REDIS_URL' | 'SCOPE_DENY' | 'MASSCAN_ADAPTER' | 'MASSCAN_ADAPTER_IP' | 'MASSCAN_ROUTER_MAC' | 'WORKER_CONCURRENCY' | 'HEARTBEAT_INTERVAL_SECONDS'>;

export interface WorkerContext {
  workerId: string;
  scanner: ScannerIdentity;
  service: WorkerScanService;
  config: ScannerConfig;
  settings: WorkerSettings;
  logger: Logger;
  active: ActiveRuns;
  control: RedisClient;
  flows: FlowProducer;
  runScan: RunScan;
  orderKey: KeyObject;
  /** Orders this process has taken (nonce:chunk → job id): a replay guard that survives a wiped Redis key. */
  seenOrders: Map<string, string>;
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
