// Where notifications leave for the platforms: picks the Notifier of a platform and sends through the
// ChannelSender (paced per channel, retried on 429, failures logged and swallowed). Used by the run status
// messages, the alerts and the report summaries alike.
import type { Logger } from '../../core/logger.js';
import type { Platform, SubscriptionKind } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { Reply } from '../commands/reply.js';
import { ChannelSender, type ChannelSenderOptions } from './channel-sender.js';
import type { Notifier } from './notifier.js';

export type StatusMessage = Awaited<ReturnType<ScanService['statusMessages']>>[number];

export class Delivery {
  private readonly sender: ChannelSender;

  constructor(
    private readonly notifiers: readonly Notifier[],
    private readonly service: Pick<ScanService, 'subscribers'>,
    logger: Logger,
    options?: ChannelSenderOptions,
  ) {
    this.sender = new ChannelSender(logger, options);
  }

  /** Resolves to the platform's message id, or null (no notifier for the platform, or not delivered). */
  async post(platform: Platform, channelId: string, reply: Reply, threadId?: string): Promise<string | null> {
    const notifier = this.notifierOf(platform);
    if (!notifier) return null;
    return this.sender.send(`${platform}:${channelId}`, reply.title, () => notifier.postMessage(channelId, reply, threadId));
  }

  async update(place: StatusMessage, reply: Reply): Promise<void> {
    const notifier = this.notifierOf(place.platform);
    if (!notifier) return;
    await this.sender.send(`${place.platform}:${place.channelId}`, reply.title, () => notifier.updateMessage(place.channelId, place.messageId, reply));
  }

  /** Posts to every channel subscribed to `kind` with `/scan notify`. */
  async toSubscribers(kind: SubscriptionKind, reply: Reply): Promise<void> {
    const channels = await this.service.subscribers(kind);
    await Promise.all(channels.map((c) => this.post(c.platform, c.channelId, reply)));
  }

  idle(): Promise<void> {
    return this.sender.idle();
  }

  private notifierOf(platform: Platform): Notifier | undefined {
    return this.notifiers.find((n) => n.platform === platform);
  }
}

/** Thread replies go under the status message itself unless the platform stored a separate thread id. */
export function threadOf(place: StatusMessage): string {
  return place.threadId ?? place.messageId;
}
