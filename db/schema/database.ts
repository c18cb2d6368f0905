// The whole database as kysely sees it: table name → row interface. Every repository is typed by it.
import type { Kysely, Transaction } from 'kysely';
import type {
  AuditLogTable,
  ChannelSubscriptionTable,
  ChatMessageTable,
  ControlKeyTable,
  RunResultBatchTable,
  ScannerTable,
  ScopeTable,
  UserRoleTable,
} from './admin.table.js';
import type { CveFindingExceptionTable, CveFindingTemplateTable, FindingTable, OpenPortTable, RunFindingView } from './result.table.js';
import type { RunLogTable } from './run-log.table.js';
import type { RunTable } from './run.table.js';
import type { ScanTable } from './scan.table.js';
import type { KevEntryTable, VulndbSourceTable, VulnerabilityMatchTable, VulnerabilitySoftwareMatchTable, VulnerabilityTable } from './vulnerability.table.js';

export interface Database {
  scans: ScanTable;
  runs: RunTable;
  run_logs: RunLogTable;
  open_ports: OpenPortTable;
  findings: FindingTable;
  cve_finding_templates: CveFindingTemplateTable;
  cve_finding_exceptions: CveFindingExceptionTable;
  /** A view (migration 2026120160): what a run's findings are read from. */
  run_findings: RunFindingView;
  scope: ScopeTable;
  user_roles: UserRoleTable;
  channel_subscriptions: ChannelSubscriptionTable;
  chat_messages: ChatMessageTable;
  scanners: ScannerTable;
  audit_log: AuditLogTable;
  control_keys: ControlKeyTable;
  run_result_batches: RunResultBatchTable;
  vulnerabilities: VulnerabilityTable;
  kev_entries: KevEntryTable;
  vulndb_sources: VulndbSourceTable;
  vulnerability_matches: VulnerabilityMatchTable;
  vulnerability_software_matches: VulnerabilitySoftwareMatchTable;
}

/** What every repository function takes first: the database or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
