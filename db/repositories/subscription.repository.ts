// Which channels get alerts and report summaries (`/scan notify`).
import type { Db } from '../schema/database.js';

export async function addSubscription(db: Db, platform: string, channelId: string, kind: string, addedBy: string): Promise<void> {
  await db
    .insertInto('channel_subscriptions')
    .values({ platform, channel_id: channelId, kind, added_by: addedBy })
    .onConflict((oc) => oc.columns(['platform', 'channel_id', 'kind']).doNothing())
    .execute();
}

export async function removeSubscription(db: Db, platform: string, channelId: string, kind: string): Promise<void> {
  await db.deleteFrom('channel_subscriptions').where('platform', '=', platform).where('channel_id', '=', channelId).where('kind', '=', kind).execute();
}

export async function subscribersOf(db: Db, kind: string): Promise<Array<{ platform: string; channel_id: string }>> {
  return db.selectFrom('channel_subscriptions').select(['platform', 'channel_id']).where('kind', '=', kind).orderBy('added_at').execute();
}
