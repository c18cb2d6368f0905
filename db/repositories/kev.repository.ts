// The CISA KEV catalog in the store: bulk upsert (UNNEST; the catalog is ~1,400 rows) that rewrites only
// entries whose content changed, and the sources table saying what was loaded when.
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../schema/database.js';
import type { KevEntryTable, VulndbSourceRow } from '../schema/vulnerability.table.js';
import type { Insertable } from 'kysely';
import type { UpsertCounts } from './vulnerability.repository.js';

export type KevEntryInput = Insertable<KevEntryTable>;

const BATCH = 5000;

export async function upsertKevEntries(trx: Transaction<Database>, entries: readonly KevEntryInput[]): Promise<UpsertCounts & { newCveIds: string[] }> {
  const counts = { inserted: 0, updated: 0, unchanged: 0, newCveIds: [] as string[] };
  const unique = [...new Map(entries.map((e) => [e.cve_id, e])).values()];
  for (let i = 0; i < unique.length; i += BATCH) {
    const c = unique.slice(i, i + BATCH);
    const col = <K extends keyof KevEntryInput>(k: K) => c.map((e) => e[k] ?? null);
    const { rows } = await sql<{ cve_id: string; inserted: boolean }>`
      INSERT INTO kev_entries AS k (cve_id, vendor_project, product, name, date_added, due_date, known_ransomware_use, required_action, short_description)
      SELECT * FROM unnest(${col('cve_id')}::text[], ${col('vendor_project')}::text[], ${col('product')}::text[], ${col('name')}::text[],
        ${col('date_added')}::date[], ${col('due_date')}::date[], ${col('known_ransomware_use')}::text[], ${col('required_action')}::text[],
        ${col('short_description')}::text[])
      ON CONFLICT (cve_id) DO UPDATE SET vendor_project = EXCLUDED.vendor_project, product = EXCLUDED.product, name = EXCLUDED.name,
        date_added = EXCLUDED.date_added, due_date = EXCLUDED.due_date, known_ransomware_use = EXCLUDED.known_ransomware_use,
        required_action = EXCLUDED.required_action, short_description = EXCLUDED.short_description
      WHERE (k.vendor_project, k.product, k.name, k.date_added, k.due_date, k.known_ransomware_use, k.required_action, k.short_description)
        IS DISTINCT FROM (EXCLUDED.vendor_project, EXCLUDED.product, EXCLUDED.name, EXCLUDED.date_added, EXCLUDED.due_date,
        EXCLUDED.known_ransomware_use, EXCLUDED.required_action, EXCLUDED.short_description)
      RETURNING cve_id, (xmax = 0) AS inserted`.execute(trx);
    for (const r of rows) {
      if (r.inserted) {
        counts.inserted += 1;
        counts.newCveIds.push(r.cve_id);
      } else counts.updated += 1;
    }
    counts.unchanged += c.length - rows.length;
  }
  return counts;
}

export async function countKevEntries(db: Db): Promise<number> {
  const row = await db.selectFrom('kev_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records what a source loaded (upsert by source name). */
export async function recordSource(db: Db, source: { source: string; version: string | null; record_count: number; last_modified?: Date | null }): Promise<void> {
  const values = { ...source, refreshed_at: new Date(), last_modified: source.last_modified ?? null };
  await db.insertInto('vulndb_sources').values(values)
    .onConflict((oc) => oc.column('source').doUpdateSet({
      version: values.version, record_count: values.record_count, refreshed_at: values.refreshed_at,
      last_modified: sql`coalesce(GREATEST(vulndb_sources.last_modified, ${values.last_modified}::timestamptz), vulndb_sources.last_modified)`,
    }))
    .execute();
}

export async function vulndbSources(db: Db): Promise<VulndbSourceRow[]> {
  return db.selectFrom('vulndb_sources').selectAll().orderBy('source').execute();
}
