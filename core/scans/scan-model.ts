// The records the scan service hands to the chat front and the worker. Plain data, platform-neutral:
// what a reply shows and what `portcullis chat --json` prints (DESIGN §8).
import type { LogLevel, Protocol, ProtocolChoice, ScannerKind, Severity } from '../../scanner/types.js';

export type RunStatus = 'planned' | 'running' | 'completed' | 'failed' | 'cancelled' | 'submit_error';
export const RUN_STATUSES: readonly RunStatus[] = ['planned', 'running', 'completed', 'failed', 'cancelled', 'submit_error'];
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['planned', 'running'];

export type Platform = 'slack' | 'discord' | 'console';
export type Role = 'viewer' | 'operator' | 'admin';
export type RunTrigger = 'create' | 'rerun' | 'schedule' | 'update';

/** Who issued a command, and where. Ids are the platform's immutable ids (Slack U…, Discord snowflakes). */
export interface Actor {
  platform: Platform;
  userId: string;
  channelId: string;
  /** Slack team / Discord guild, when there is one. */
  workspaceId?: string;
  displayName?: string;
}

export type SeverityCounts = Record<Severity, number>;

/** The configuration part of a scan, as stored. */
export interface ScanConfig {
  name: string;
  targets: string[];
  ports: string;
  scanner: ScannerKind;
  rate: number;
  timeoutSeconds: number;
  portTimeoutMs: number;
  protocol: ProtocolChoice;
  schedule: string | null;
  timezone: string | null;
  /** The scanner pool that runs it (`from=POOL`; default `default`). */
  pool: string;
}

/** Options of `/scan create` / `/scan update` as typed (already shape-checked by the command layer). */
export interface ScanConfigInput {
  name?: string;
  targets?: string;
  ports?: string;
  scanner?: ScannerKind;
  rate?: number;
  timeoutSeconds?: number;
  portTimeoutMs?: number;
  protocol?: ProtocolChoice;
  /** Empty string removes the schedule. */
  schedule?: string;
  timezone?: string;
  /** `from=POOL`. */
  pool?: string;
}

export interface RunRef {
  scanId: string;
  /** Database id of the run (job payloads carry it). */
  runId: number;
  /** Run number within its scan: 1, 2, … */
  run: number;
  status: RunStatus;
}

/** `/scan show` and each row of `/scan list` (DESIGN §8). */
export interface ScanSummary {
  id: string;
  name: string;
  /** The latest run's status; `null` when the scan never ran (a schedule not fired yet). */
  status: RunStatus | null;
  findings: number;
  severity: SeverityCounts;
  startTime: string | null;
  durationSeconds: number | null;
  ageSeconds: number;
  /** 0–100 while a run is active. */
  progress: number | null;
  phase: string | null;
  run: number | null;
  /**
   * The latest completed run, whose results `findings`, `severity` and `openPorts` are; null (with zero
   * counts) when no run has completed yet. May be older than `run`, the latest run.
   */
  resultsRun?: number | null;
  /** When `resultsRun` ended. */
  resultsEndedAt?: string | null;
  openPorts: number;
  error: string | null;
  config: ScanConfig;
  createdBy: string;
  createdAt: string;
}

/** A row of `/scan history`. */
export interface RunSummary {
  run: number;
  status: RunStatus;
  trigger: RunTrigger;
  startTime: string | null;
  durationSeconds: number | null;
  openPorts: number;
  error: string | null;
}

export interface RunLogLine {
  at: string;
  level: LogLevel;
  message: string;
}

export interface RunErrorReport {
  run: number;
  error: string;
  lines: RunLogLine[];
}

export interface PortView {
  ip: string;
  port: number;
  protocol: Protocol;
  service: string | null;
}

export interface ChangedPort extends PortView {
  before: { service: string | null; product: string | null; version: string | null };
  after: { service: string | null; product: string | null; version: string | null };
}

export interface ScanDiff {
  scanId: string;
  run: number;
  baseRun: number | null;
  new: PortView[];
  gone: PortView[];
  changed: ChangedPort[];
  /** Open in the base run, on a port or target run `run` did not scan: not gone, just not looked at. */
  notScannedNow: PortView[];
  /** Open in run `run`, on a port or target the base run did not scan: first looked at, not new. */
  notScannedBefore: PortView[];
  /** Set when the two runs used different scanners (service details are then not compared). */
  scannerChange: { before: string; after: string } | null;
}

/** Against the previous completed run; `not_scanned`: a finding of that run on a port this run did not scan. */
export type ChangeMark = 'new' | 'gone' | 'changed' | 'unchanged' | 'not_scanned';

export interface FindingView {
  severity: Severity;
  title: string;
  ip: string;
  port: number;
  protocol: Protocol;
  ruleId: string;
  evidence: string;
  remediation: string;
  change: ChangeMark;
}

export interface ScopeEntry {
  cidr: string;
  addedBy: string;
  addedAt: string;
}

/** A scanner agent (`/scan scanners`): `id` is its name, the same across restarts. */
export interface ScannerView {
  id: string;
  pool: string;
  host: string;
  version: string;
  online: boolean;
  /** Null until the scanner first reports. */
  lastSeen: string | null;
  capabilities: { masscan: string | null; nmap: string | null; rawSockets: boolean; problems: string[] };
  runningJobs: number;
  revoked: boolean;
}

export type SubscriptionKind = 'alerts' | 'reports';
