// The Slack side of notifications: posts a run's status message once, edits it in place (chat.update) as
// progress arrives, and puts logs, the end and files in its thread. Posts are paced per channel; a burst of
// progress edits to one message collapses into the newest (nobody needs 37 % after 41 %). A reply marked
// ephemeral is refused here: it is for one person and a channel post would show it to everyone.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/logger.js';
import type { Reply, ReplyFile } from '../commands/reply.js';
import type { Notifier } from '../notifications/notifier.js';
import { ChannelPacer } from './channel-pacer.js';
import { uploadReplyFiles } from './files.js';
import { renderReply } from './render/blocks.js';

interface PendingUpdate {
  reply: Reply;
  done: Promise<void>;
}

export class SlackNotifier implements Notifier {
  readonly platform = 'slack' as const;
  private readonly pendingUpdates = new Map<string, PendingUpdate>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly pacer = new ChannelPacer(),
  ) {}

  /** Posts a message (in `thread` when given) and returns its ts, Slack's message id. */
  async postMessage(channel: string, reply: Reply, thread?: string): Promise<string> {
    if (reply.ephemeral) throw privateReplyError(reply);
    const message = renderReply(reply);
    await this.pacer.wait(channel);
    const result = await this.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(thread ? { thread_ts: thread } : {}),
    });
    const ts = result.ts ?? '';
    await this.uploadFiles(channel, message.files, thread ?? ts);
    return ts;
  }

  /** Edits a posted message in place; files of the reply go into its thread. */
  updateMessage(channel: string, messageId: string, reply: Reply): Promise<void> {
    if (reply.ephemeral) return Promise.reject(privateReplyError(reply));
    const key = `${channel}:${messageId}`;
    const pending = this.pendingUpdates.get(key);
    if (pending) {
      pending.reply = reply;
      return pending.done;
    }
    const entry: PendingUpdate = { reply, done: Promise.resolve() };
    entry.done = (async () => {
      await this.pacer.wait(channel);
      this.pendingUpdates.delete(key);
      const message = renderReply(entry.reply);
      await this.client.chat.update({ channel, ts: messageId, text: message.text, blocks: message.blocks });
      await this.uploadFiles(channel, message.files, messageId);
    })();
    this.pendingUpdates.set(key, entry);
    return entry.done;
  }

  /** Uploads files (charts, reports, logs) to a channel, in a thread when given. */
  async uploadFiles(channel: string, files: ReplyFile[], thread?: string): Promise<void> {
    if (files.length === 0) return;
    const ids = await uploadReplyFiles(this.client, channel, files, thread);
    this.logger.debug({ channel, files: ids }, 'slack files uploaded');
  }
}

/** A private reply never becomes a channel message (the check is cheap; the leak would not be). */
function privateReplyError(reply: Reply): Error {
  return new Error(`a private (ephemeral) reply is not posted in a channel: "${reply.title.slice(0, 80)}"`);
}
