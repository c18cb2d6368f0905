// A Notifier test double of the port (bot/notifications/notifier.ts): records every post and edit, so a
// test can assert what the notification router sent, and what it did not.
import type { Reply } from '../../bot/commands/reply.js';
import type { Notifier } from '../../bot/notifications/notifier.js';

export class RecordingNotifier implements Notifier {
  readonly platform = 'slack' as const;
  readonly posts: Array<{ channelId: string; reply: Reply; threadId?: string }> = [];
  readonly updates: Array<{ channelId: string; messageId: string; reply: Reply }> = [];
  async postMessage(channelId: string, reply: Reply, threadId?: string): Promise<string> {
    this.posts.push({ channelId, reply, ...(threadId ? { threadId } : {}) });
    return `m-${this.posts.length}`;
  }
  async updateMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    this.updates.push({ channelId, messageId, reply });
  }
}
