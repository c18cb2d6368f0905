// Roles of chat users, keyed by platform and the platform's immutable user id.
import type { Db } from '../schema/database.js';

export async function roleOfUser(db: Db, platform: string, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('user_roles').select('role').where('platform', '=', platform).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

export async function setUserRole(db: Db, platform: string, userId: string, role: string, grantedBy: string): Promise<void> {
  await db
    .insertInto('user_roles')
    .values({ platform, user_id: userId, role, granted_by: grantedBy })
    .onConflict((oc) => oc.columns(['platform', 'user_id']).doUpdateSet({ role, granted_by: grantedBy, granted_at: new Date() }))
    .execute();
}
