// Row shapes of the administrative tables: registered scope, user roles, channel subscriptions, where a
// run's chat status messages live, the scanners (workers) and the audit log.
import type { ColumnType, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ScopeTable {
  cidr: string;
  added_by: string;
  added_at: CreatedAt;
}

export interface UserRoleTable {
  platform: string;
  user_id: string;
  role: string;
  granted_by: string;
  granted_at: CreatedAt;
}

export interface ChannelSubscriptionTable {
  platform: string;
  channel_id: string;
  kind: string;
  added_by: string;
  added_at: CreatedAt;
}

export interface ChatMessageTable {
  run_id: number;
  platform: string;
  channel_id: string;
  message_id: string;
  thread_id: string | null;
}

/** A scanner agent, by name (`id`): one row per name, kept across restarts and revocation. */
export interface ScannerTable {
  id: string;
  host: string;
  version: string;
  capabilities: { masscan: string | null; nmap: string | null; rawSockets: boolean; problems: string[] };
  running_jobs: number;
  /** Last heartbeat applied; null until the scanner first reports. */
  last_seen: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  pool: ColumnType<string, string | undefined, string>;
  /** First 16 hex digits of SHA-256 of the credential: tells keys apart, never enough to log in. */
  credential_fingerprint: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  revoked_at: Date | null;
  /** The process (host-pid-random) that sent the last heartbeat. */
  worker_id: string | null;
}

/** The control plane's key pairs (PEM); `order-signing` signs scan orders (Ed25519). */
export interface ControlKeyTable {
  name: string;
  private_key: string;
  public_key: string;
  created_at: CreatedAt;
}

/** Which streamed result batches of a run were applied (a batch delivered twice is applied once). */
export interface RunResultBatchTable {
  run_id: number;
  batch_id: string;
  applied_at: CreatedAt;
  /** Open-port rows the batch added (not those it replaced); null for batches applied before it was kept. */
  port_rows: number | null;
}

export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  at: CreatedAt;
  platform: string;
  user_id: string;
  channel_id: string;
  command: string;
  result: string;
  detail: string | null;
}

export type ScopeRow = Selectable<ScopeTable>;
export type ScannerRow = Selectable<ScannerTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
