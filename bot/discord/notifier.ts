// The Discord side of notifications and of run status messages: ordinary bot messages in the channel
// (POST/PATCH /channels/{id}/messages over REST), not interaction replies, because an interaction token
// dies after 15 minutes and a scan runs longer. The "thread" of a status message is the chain of replies
// to it (message_reference), which needs no extra permission. @discordjs/rest waits out 429s itself;
// a rate limit it gives up on becomes RateLimitedError for the router's ChannelSender.
import { RateLimitError, type REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../commands/reply.js';
import { RateLimitedError, type Notifier } from '../notifications/notifier.js';
import { restMessage } from './payload.js';
import { renderMessages, type DiscordMessage } from './render/message.js';

interface PostedMessage {
  id: string;
}

export class DiscordNotifier implements Notifier {
  readonly platform = 'discord' as const;

  constructor(private readonly rest: REST, private readonly logger: Logger) {}

  /** Posts a reply in the channel (as a reply to `threadId` when given); resolves to the first message id. */
  async postMessage(channelId: string, reply: Reply, threadId?: string): Promise<string> {
    let firstId: string | undefined;
    for (const message of renderMessages({ ...reply, ephemeral: false })) {
      const replyTo = threadId ?? firstId;
      const posted = await this.post(channelId, message, replyTo);
      firstId ??= posted.id;
    }
    return firstId ?? '';
  }

  /** Replaces a posted message; what does not fit in one message follows as replies to it. */
  async updateMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const [first, ...more] = renderMessages({ ...reply, ephemeral: false });
    if (!first) return;
    const { body, files } = restMessage(first);
    await this.call(() => this.rest.patch(Routes.channelMessage(channelId, messageId), { body, files }));
    for (const message of more) await this.post(channelId, message, messageId);
    this.logger.debug({ channelId, messageId }, 'discord message updated');
  }

  private post(channelId: string, message: DiscordMessage, replyTo?: string): Promise<PostedMessage> {
    const reference = replyTo ? { message_reference: { message_id: replyTo, channel_id: channelId, fail_if_not_exists: false } } : {};
    const { body, files } = restMessage(message, reference);
    return this.call(() => this.rest.post(Routes.channelMessages(channelId), { body, files }) as Promise<PostedMessage>);
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof RateLimitError) throw new RateLimitedError(error.retryAfter);
      throw error;
    }
  }
}
