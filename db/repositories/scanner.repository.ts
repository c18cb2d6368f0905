// Scanners (remote agents), one row per name: created by `scanners add` (or the embedded local scanner),
// refreshed by heartbeats applied by ingest, marked revoked (never deleted: the name stays taken, its
// history readable). Only a fingerprint of the credential is stored, never the credential.
import type { Db } from '../schema/database.js';
import type { ScannerRow, ScannerTable } from '../schema/admin.table.js';

export async function registerScanner(db: Db, scanner: { id: string; pool: string; credential_fingerprint: string | null; created_by: string | null }): Promise<ScannerRow> {
  return db
    .insertInto('scanners')
    .values({ ...scanner, host: '', version: '', capabilities: JSON.stringify({ masscan: null, nmap: null, rawSockets: false, problems: [] }) as unknown as ScannerTable['capabilities'], running_jobs: 0, last_seen: null })
    .onConflict((oc) => oc.column('id').doUpdateSet({ pool: scanner.pool, credential_fingerprint: scanner.credential_fingerprint, created_by: scanner.created_by, revoked_at: null, created_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function scannerByName(db: Db, name: string): Promise<ScannerRow | undefined> {
  return db.selectFrom('scanners').selectAll().where('id', '=', name).executeTakeFirst();
}

/** Applies a heartbeat to a registered, unrevoked scanner; false when there is none. */
export async function applyHeartbeat(db: Db, name: string, beat: { worker_id: string; host: string; version: string; capabilities: ScannerTable['capabilities']; running_jobs: number }): Promise<boolean> {
  const updated = await db
    .updateTable('scanners')
    .set({ ...beat, capabilities: JSON.stringify(beat.capabilities) as unknown as ScannerTable['capabilities'], last_seen: new Date() })
    .where('id', '=', name)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

export async function revokeScanner(db: Db, name: string): Promise<ScannerRow | undefined> {
  return db.updateTable('scanners').set({ revoked_at: new Date() }).where('id', '=', name).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

export async function listScanners(db: Db): Promise<ScannerRow[]> {
  return db.selectFrom('scanners').selectAll().orderBy('revoked_at', (ob) => ob.desc().nullsFirst()).orderBy('id').execute();
}

/** Pools with at least one unrevoked scanner seen since `since`. */
export async function onlinePools(db: Db, since: Date): Promise<Set<string>> {
  const rows = await db.selectFrom('scanners').select('pool').distinct().where('revoked_at', 'is', null).where('last_seen', '>=', since).execute();
  return new Set(rows.map((r) => r.pool));
}
