// The one place that creates Redis clients (node-redis, the `redis` package). Everything that talks to
// Redis — the BullMQ queues and workers (through worker/queue-connection.ts), the run-event pub/sub, the
// cancel channel — gets its client here, so timeouts and reconnect policy are decided once.
import { createClient, type RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

export interface RedisClientOptions {
  /** How long one connection attempt may take. */
  connectTimeoutMs?: number;
  /**
   * Reconnect attempts before giving up; `Infinity` for long-lived clients (workers) that must survive a
   * Redis restart. Short-lived producers use a small number so a dead Redis fails fast.
   */
  maxReconnectAttempts?: number;
  /** CLIENT SETNAME, shows up in `CLIENT LIST`. */
  name?: string;
  /** Fail commands at once while disconnected instead of queueing them (producers). */
  failWhenOffline?: boolean;
}

/** A client, not yet connected: call `.connect()` (BullMQ's adapter does it itself). */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const maxAttempts = options.maxReconnectAttempts ?? Infinity;
  const client = createClient({
    url,
    ...(options.name ? { name: options.name } : {}),
    disableOfflineQueue: options.failWhenOffline ?? false,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 3000,
      reconnectStrategy: (retries: number, cause: Error) => {
        if (retries >= maxAttempts) return new Error(`Redis at ${redactUrl(url)} unreachable: ${cause.message}`);
        return Math.min(100 * 2 ** retries, 2000);
      },
    },
  });
  return client as unknown as RedisClient;
}

/** Connects a fresh client and fails within `timeoutMs` when Redis is unreachable. */
export async function connectRedis(url: string, options: RedisClientOptions & { timeoutMs?: number } = {}): Promise<RedisClient> {
  const client = createRedisClient(url, { maxReconnectAttempts: 0, ...options });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  const timeoutMs = options.timeoutMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return client;
  } catch (error) {
    client.destroy();
    const reason = lastError?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Redis at ${redactUrl(url)} unreachable: ${reason} — ${REDIS_HINT}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** What to do when Redis cannot be reached, appended to every "unreachable" message. */
export const REDIS_HINT = 'start Redis or set REDIS_URL';

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid Redis URL)';
  }
}
