// Scanners (workers) and their heartbeats.
import type { Db } from '../schema/database.js';
import type { ScannerRow, ScannerTable } from '../schema/admin.table.js';

export async function upsertScanner(db: Db, scanner: Omit<ScannerTable, 'last_seen'>): Promise<void> {
  const values = { ...scanner, capabilities: JSON.stringify(scanner.capabilities) as unknown as ScannerTable['capabilities'], last_seen: new Date() };
  await db
    .insertInto('scanners')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet({ host: values.host, version: values.version, capabilities: values.capabilities, running_jobs: values.running_jobs, last_seen: values.last_seen }))
    .execute();
}

export async function listScanners(db: Db): Promise<ScannerRow[]> {
  return db.selectFrom('scanners').selectAll().orderBy('last_seen', 'desc').execute();
}
