// Where a run's status message was posted, per platform and channel, so it can be edited in place.
import type { Db } from '../schema/database.js';

export interface ChatMessageRef {
  platform: string;
  channel_id: string;
  message_id: string;
  thread_id: string | null;
}

export async function rememberChatMessage(db: Db, runId: number, ref: ChatMessageRef): Promise<void> {
  await db
    .insertInto('chat_messages')
    .values({ run_id: runId, ...ref })
    .onConflict((oc) => oc.columns(['run_id', 'platform', 'channel_id']).doUpdateSet({ message_id: ref.message_id, thread_id: ref.thread_id }))
    .execute();
}

export async function chatMessagesOfRun(db: Db, runId: number): Promise<ChatMessageRef[]> {
  return db.selectFrom('chat_messages').select(['platform', 'channel_id', 'message_id', 'thread_id']).where('run_id', '=', runId).execute();
}
