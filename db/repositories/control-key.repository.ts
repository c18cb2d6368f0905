// The control plane's key pairs (control_keys): created once, by whichever process asks first.
import type { Db } from '../schema/database.js';
import type { ControlKeyTable } from '../schema/admin.table.js';

/** Stores the pair unless one of that name exists; returns the stored one (first writer wins). */
export async function ensureControlKey(db: Db, key: Pick<ControlKeyTable, 'name' | 'private_key' | 'public_key'>): Promise<{ private_key: string; public_key: string }> {
  await db.insertInto('control_keys').values(key).onConflict((oc) => oc.column('name').doNothing()).execute();
  return db.selectFrom('control_keys').select(['private_key', 'public_key']).where('name', '=', key.name).executeTakeFirstOrThrow();
}

export async function controlKey(db: Db, name: string): Promise<{ private_key: string; public_key: string } | undefined> {
  return db.selectFrom('control_keys').select(['private_key', 'public_key']).where('name', '=', name).executeTakeFirst();
}
