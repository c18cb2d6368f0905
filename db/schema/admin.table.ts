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

export interface ScannerTable {
  id: string;
  host: string;
  version: string;
  capabilities: { masscan: string | null; nmap: string | null; rawSockets: boolean; problems: string[] };
  running_jobs: number;
  last_seen: CreatedAt;
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
