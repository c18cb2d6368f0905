// The registered scope: CIDRs that targets must lie inside.
import { sql } from 'kysely';
import type { Db } from '../schema/database.js';
import type { ScopeRow } from '../schema/admin.table.js';

export async function listScope(db: Db): Promise<ScopeRow[]> {
  const { rows } = await sql<ScopeRow>`SELECT cidr::text AS cidr, added_by, added_at FROM scope ORDER BY cidr`.execute(db);
  return rows;
}

/** Adds a CIDR (already canonical); returns the stored entry (the existing one when already there). */
export async function addScope(db: Db, cidr: string, addedBy: string): Promise<ScopeRow> {
  await sql`INSERT INTO scope (cidr, added_by) VALUES (${cidr}::cidr, ${addedBy}) ON CONFLICT (cidr) DO NOTHING`.execute(db);
  const { rows } = await sql<ScopeRow>`SELECT cidr::text AS cidr, added_by, added_at FROM scope WHERE cidr = ${cidr}::cidr`.execute(db);
  return rows[0]!;
}

export async function removeScope(db: Db, cidr: string): Promise<boolean> {
  const result = await sql`DELETE FROM scope WHERE cidr = ${cidr}::cidr`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
