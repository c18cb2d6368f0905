// The Discord side of notifications and of run status messages: ordinary bot messages in the channel
// (POST/PATCH /channels/{id}/messages over REST), not interaction replies, because an interaction token
// dies after 15 minutes and a scan runs longer. The "thread" of a status message is the chain of replies
// to it (message_reference), which needs no extra permission. @discordjs/rest waits out 429s itself;
// a rate limit it gives up on becomes RateLimitedError for the router's ChannelSender.
// A status message too long for one message has follow-ups (replies to it); every edit edits those same
// follow-ups in place — posting new ones only when the reply grew, deleting the ones it no longer needs —
// so a run's progress never piles up copies in the channel. The follow-up ids are kept in memory (bounded):
// after a restart the first edit posts a fresh set. A reply marked ephemeral is refused: a channel message
// would show it to everyone.
import { RateLimitError, type REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../commands/reply.js';
import { RateLimitedError, type Notifier } from '../notifications/notifier.js';
import { isDiscordApiError } from './interactions/safe-error.js';
import { restMessage } from './payload.js';
import { renderMessages, type DiscordMessage } from './render/message.js';

interface PostedMessage {
  id: string;
}

/** Status messages whose follow-up ids are remembered (oldest forgotten first). */
const MAX_TRACKED = 10_000;

export class DiscordNotifier implements Notifier {
  readonly platform = 'discord' as const;
  /** `channel:message` of a message posted here → the ids of its follow-ups, in order. */
  private readonly followUps = new Map<string, string[]>();

  constructor(private readonly rest: REST, private readonly logger: Logger) {}

  /** Posts a reply in the channel (as a reply to `threadId` when given); resolves to the first message id. */
  async postMessage(channelId: string, reply: Reply, threadId?: string): Promise<string> {
    refusePrivate(reply);
    const [first, ...more] = renderMessages(reply);
    if (!first) return '';
    const firstId = (await this.post(channelId, first, threadId)).id;
    const ids: string[] = [];
    for (const message of more) ids.push((await this.post(channelId, message, threadId ?? firstId)).id);
    if (ids.length > 0) this.track(channelId, firstId, ids);
    return firstId;
  }

  /** Replaces a posted message and its follow-ups in place; what does not fit follows as replies to it. */
  async updateMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    refusePrivate(reply);
    const [first, ...more] = renderMessages(reply);
    if (!first) return;
    const { body, files } = restMessage(first);
    await this.call(() => this.rest.patch(Routes.channelMessage(channelId, messageId), { body, files }));
    const known = this.followUps.get(`${channelId}:${messageId}`) ?? [];
    const ids: string[] = [];
    for (const [i, message] of more.entries()) {
      const existing = known[i];
      const edited = existing ? await this.edit(channelId, existing, message) : false;
      ids.push(edited && existing ? existing : (await this.post(channelId, message, messageId)).id);
    }
    for (const stale of known.slice(more.length)) await this.remove(channelId, stale);
    this.track(channelId, messageId, ids);
    this.logger.debug({ channelId, messageId, followUps: ids.length }, 'discord message updated');
  }

  /** Edits a follow-up; false when it is gone (someone deleted it), so a new one is posted instead. */
  private async edit(channelId: string, id: string, message: DiscordMessage): Promise<boolean> {
    const { body, files } = restMessage(message);
    try {
      await this.call(() => this.rest.patch(Routes.channelMessage(channelId, id), { body, files }));
      return true;
    } catch (error) {
      if (isUnknownMessage(error)) return false;
      throw error;
    }
  }

  private async remove(channelId: string, id: string): Promise<void> {
    try {
      await this.call(() => this.rest.delete(Routes.channelMessage(channelId, id)));
    } catch (error) {
      if (!isUnknownMessage(error)) throw error;
    }
  }

  private track(channelId: string, messageId: string, ids: string[]): void {
    const key = `${channelId}:${messageId}`;
    this.followUps.delete(key);
    if (ids.length === 0) return;
    this.followUps.set(key, ids);
    if (this.followUps.size > MAX_TRACKED) this.followUps.delete(this.followUps.keys().next().value as string);
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

/** Discord's "Unknown Message" (10008): the message was deleted. */
function isUnknownMessage(error: unknown): boolean {
  return isDiscordApiError(error) && error.code === 10008;
}

/** A private reply never becomes a channel message. */
function refusePrivate(reply: Reply): void {
  if (reply.ephemeral) throw new Error(`a private (ephemeral) reply is not posted in a channel: "${reply.title.slice(0, 80)}"`);
}
