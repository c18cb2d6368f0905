// Sends notifications so that a platform's limits are respected: one message at a time per channel, at
// least `intervalMs` apart (about 1/s, DESIGN §6), retried after the wait a RateLimitedError asks for. A
// failure is logged and swallowed: a notification never fails a scan or the router.
import type { Logger } from '../../core/logger.js';
import { isRateLimited } from './notifier.js';

export interface ChannelSenderOptions {
  intervalMs?: number;
  maxRetries?: number;
  /** Upper bound of one retry wait, so a silly retryAfter cannot stall a channel forever. */
  maxRetryWaitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ChannelSender {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly lastSent = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;

  constructor(private readonly logger: Logger, options: ChannelSenderOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
  }

  /** Queues `send` behind earlier sends to the same channel; resolves to its result, or null if it failed. */
  send<T>(channelKey: string, what: string, send: () => Promise<T>): Promise<T | null> {
    const previous = this.tails.get(channelKey) ?? Promise.resolve();
    const next = previous.then(() => this.attempt(channelKey, what, send));
    const tail = next.catch(() => undefined);
    this.tails.set(channelKey, tail);
    void tail.then(() => {
      if (this.tails.get(channelKey) === tail) this.tails.delete(channelKey);
    });
    return next;
  }

  /** Resolves when everything queued so far has been sent (or given up). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private async attempt<T>(channelKey: string, what: string, send: () => Promise<T>): Promise<T | null> {
    for (let attempt = 0; ; attempt++) {
      const wait = (this.lastSent.get(channelKey) ?? 0) + this.intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.lastSent.set(channelKey, Date.now());
      try {
        return await send();
      } catch (error) {
        if (isRateLimited(error) && attempt < this.maxRetries) {
          const retryAfter = Math.min(Math.max(error.retryAfterMs, 0), this.maxRetryWaitMs);
          this.logger.info({ channel: channelKey, what, retryAfter }, 'notification rate limited; retrying');
          this.lastSent.set(channelKey, Date.now() + retryAfter - this.intervalMs);
          continue;
        }
        this.logger.warn({ err: error instanceof Error ? error.message : String(error), channel: channelKey, what }, 'notification not delivered');
        return null;
      }
    }
  }
}
