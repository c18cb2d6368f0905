// The audit log: every command, who issued it, where, and how it ended.
import type { Insertable } from 'kysely';
import type { Db } from '../schema/database.js';
import type { AuditLogRow, AuditLogTable } from '../schema/admin.table.js';

/** A row of the audit log as written: the table's columns less what the database fills in. */
export type AuditEntry = Omit<Insertable<AuditLogTable>, 'id' | 'at'>;

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export async function recentAudit(db: Db, limit = 100): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
