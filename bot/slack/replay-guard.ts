// Slack signs each request over `v0:timestamp:body` and Bolt accepts a signature for 5 minutes, so a
// captured request (a proxy log, a browser extension) could be sent again within that window and run its
// command again. A signature is accepted once: the first use is written to Redis (SET NX with an expiry at
// the end of its window), shared by every bot process behind a load balancer. When Redis cannot answer,
// the guard does not fail closed — Slack commands keep working while Redis is down, as `/scan show` and
// `list` need only PostgreSQL — but falls back to a bounded in-memory set: replays to this process are still
// refused, one to another process during the outage is not. That is said once in the log.
import { createHash } from 'node:crypto';
import type { Logger } from '../../core/logger.js';
import { createRedisClient, type RedisClient } from '../../core/redis.js';
import { MAX_CLOCK_SKEW_SECONDS } from './http-server.js';

export interface ReplayGuard {
  /** True the first time a signature is offered within its window, false for a replay. */
  firstUse(signature: string, timestampSeconds: number): Promise<boolean>;
}

const REDIS_DEADLINE_MS = 500;

export class SlackReplayGuard implements ReplayGuard {
  /** key → when its window ends (ms); insertion order is age order. */
  private readonly memory = new Map<string, number>();
  private degraded = false;

  constructor(
    private readonly redis: RedisClient | null,
    private readonly logger: Logger,
    private readonly options: { prefix?: string; memoryLimit?: number; now?: () => number } = {},
  ) {}

  async firstUse(signature: string, timestampSeconds: number): Promise<boolean> {
    const now = (this.options.now ?? Date.now)();
    const key = `${this.options.prefix ?? 'portcullis:slack-replay:'}${createHash('sha256').update(signature).digest('hex')}`;
    // Valid until 5 minutes after its timestamp (Bolt's rule), plus a little for clocks.
    const windowEndMs = (timestampSeconds + MAX_CLOCK_SKEW_SECONDS + 5) * 1000;
    this.evict(now);
    if (this.memory.has(key)) return false;
    this.memory.set(key, windowEndMs);
    if (!this.redis) return true;
    try {
      const ttl = Math.max(1, Math.ceil((windowEndMs - now) / 1000));
      const set = await withDeadline(this.redis.set(key, '1', { NX: true, EX: ttl }), REDIS_DEADLINE_MS);
      if (this.degraded) this.logger.info('slack replay guard: Redis answers again');
      this.degraded = false;
      return set === 'OK';
    } catch (error) {
      if (!this.degraded) this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'slack replay guard degraded: Redis unreachable, replays are refused per process only until it is back');
      this.degraded = true;
      return true;
    }
  }

  private evict(now: number): void {
    const limit = this.options.memoryLimit ?? 100_000;
    for (const [key, end] of this.memory) {
      if (end > now && this.memory.size < limit) break;
      this.memory.delete(key);
    }
  }
}

/** A guard on its own client, which connects in the background and fails commands at once while Redis is away. */
export function replayGuardOnRedis(url: string, logger: Logger): { guard: SlackReplayGuard; close(): void } {
  const client = createRedisClient(url, { name: 'portcullis-slack-replay', failWhenOffline: true, logger });
  let said = false;
  client.on('error', (error: Error) => {
    if (!said) logger.warn({ err: error.message }, 'slack replay guard: Redis connection failed; retrying in the background');
    said = true;
  });
  client.on('ready', () => { said = false; });
  client.connect().catch(() => undefined);
  return { guard: new SlackReplayGuard(client, logger), close: () => client.destroy() };
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
