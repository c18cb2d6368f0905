// The seam between the notification router and a chat platform. Each adapter implements it (Slack:
// chat.postMessage/chat.update; Discord: channel messages; console: prints). When the platform says
// "too many requests", the adapter throws RateLimitedError and the router waits and retries.
import type { Platform } from '../../core/scans/scan-model.js';
import type { Reply } from '../commands/reply.js';

export interface Notifier {
  readonly platform: Platform;
  /** Posts a message (in a thread when threadId is given); resolves to the platform's message id. */
  postMessage(channelId: string, reply: Reply, threadId?: string): Promise<string>;
  /** Replaces the content of a message posted earlier. */
  updateMessage(channelId: string, messageId: string, reply: Reply): Promise<void>;
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number, message = `rate limited; retry after ${retryAfterMs} ms`) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

export function isRateLimited(error: unknown): error is { retryAfterMs: number } {
  return error instanceof RateLimitedError || (typeof error === 'object' && error !== null && typeof (error as { retryAfterMs?: unknown }).retryAfterMs === 'number');
}
