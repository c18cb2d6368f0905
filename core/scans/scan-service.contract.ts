// What the scan service offers to the chat front (bot/) and the worker (worker/). The implementation
// (scan-service.ts) sits on db/ repositories and a RunDispatcher. Every method throws UserError for
// anything a user can fix (unknown id, illegal transition, target out of scope) with a message that says
// what to do.
import type { LogLevel, ScanResult, Severity } from '../../scanner/types.js';
import type { ReportInput } from '../reports/report-input.js';
import type {
  Actor,
  FindingView,
  Platform,
  Role,
  RunErrorReport,
  RunLogLine,
  RunRef,
  RunStatus,
  RunSummary,
  ScanConfig,
  ScanConfigInput,
  ScanDiff,
  ScannerView,
  ScanSummary,
  ScopeEntry,
  SubscriptionKind,
} from './scan-model.js';

/** One page of `/scan list`: newest activity first; `total` counts every scan matching the filter. */
export interface ScanListPage {
  scans: ScanSummary[];
  total: number;
  page: number;
  limit: number;
}

export interface ScanService {
  // — commands of DESIGN §2 —
  /** Validates, stores the scan, and (unless it only has a schedule) creates run 1 and submits it. */
  create(actor: Actor, input: ScanConfigInput & { name: string; targets: string }): Promise<{ scan: ScanSummary; run: RunRef | null }>;
  update(actor: Actor, scanId: string, changes: ScanConfigInput): Promise<ScanSummary>;
  rerun(actor: Actor, scanId: string): Promise<RunRef>;
  /** Stops the active run (planned or running). Refused when none is active. */
  stop(actor: Actor, scanId: string): Promise<RunRef>;
  delete(actor: Actor, scanId: string): Promise<void>;
  show(scanId: string): Promise<ScanSummary>;
  /** `limit` 1–200 (default 25), `page` from 1 (default 1); a page past the end is empty, not an error. */
  list(filter?: { status?: RunStatus; limit?: number; page?: number }): Promise<ScanListPage>;
  history(scanId: string): Promise<RunSummary[]>;
  logs(scanId: string, options?: { run?: number; level?: LogLevel }): Promise<{ run: number; lines: RunLogLine[] }>;
  errors(scanId: string): Promise<RunErrorReport[]>;
  vulns(scanId: string, options?: { min?: Severity; run?: number }): Promise<FindingView[]>;
  diff(scanId: string, options?: { run?: number }): Promise<ScanDiff>;
  /** Everything buildReport needs about a run (default: the latest): summary as of it, history, findings, open ports, diff, trend. */
  reportInput(scanId: string, options?: { run?: number }): Promise<ReportInput>;
  scopeList(): Promise<ScopeEntry[]>;
  scopeAdd(actor: Actor, cidr: string): Promise<ScopeEntry>;
  scopeRemove(actor: Actor, cidr: string): Promise<void>;
  scanners(): Promise<ScannerView[]>;

  // — roles, routing, audit —
  roleOf(platform: Platform, userId: string): Promise<Role | null>;
  grantRole(actor: Actor, platform: Platform, userId: string, role: Role): Promise<void>;
  subscribe(actor: Actor, kind: SubscriptionKind | 'all', enabled: boolean): Promise<void>;
  subscribers(kind: SubscriptionKind): Promise<Array<{ platform: Platform; channelId: string }>>;
  audit(entry: { actor: Actor; command: string; result: 'ok' | 'denied' | 'refused' | 'error'; detail?: string }): Promise<void>;
  /** Where a run's status message lives, so it can be edited in place. */
  rememberStatusMessage(runId: number, platform: Platform, channelId: string, messageId: string, threadId?: string): Promise<void>;
  statusMessages(runId: number): Promise<Array<{ platform: Platform; channelId: string; messageId: string; threadId: string | null }>>;

  // — used by the worker —
  /** The stored configuration and status of a run, for the worker about to execute it. */
  runForJob(runId: number): Promise<{ ref: RunRef; scanName: string; config: ScanConfig } | null>;
  /** planned → running (also running → running when a stalled job is taken over by another worker). */
  markRunning(runId: number, workerId: string): Promise<void>;
  recordProgress(runId: number, percent: number, phase: string): Promise<void>;
  appendLogs(runId: number, lines: Array<{ at: Date; level: LogLevel; message: string }>): Promise<void>;
  /** Stores open ports and findings and ends the run in one transaction; idempotent per run. */
  finishRun(runId: number, result: ScanResult): Promise<RunSummary>;
  /** Ends a run without results (worker lost, refused job). */
  failRun(runId: number, error: string): Promise<void>;
  /** A scheduled firing: creates a run unless one is active (then logs the skip and returns null). */
  scheduledRun(scanId: string): Promise<RunRef | null>;
  /** Records a heartbeat of a worker. */
  heartbeat(scanner: Pick<ScannerView, 'id' | 'host' | 'version' | 'capabilities' | 'runningJobs'> & { workerId?: string }): Promise<void>;
}
