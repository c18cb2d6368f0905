// The audit log: every command, who issued it, where, and how it ended.
import type { Db } from '../schema/database.js';
import type { AuditLogRow } from '../schema/admin.table.js';

export interface AuditEntry {
  platform: string;
  user_id: string;
  channel_id: string;
  command: string;
  result: string;
  detail: string | null;
}

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export async function recentAudit(db: Db, limit = 100): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
