// The one place that creates Redis clients (node-redis, the `redis` package). Everything that talks to
// Redis — the BullMQ queues and workers (through worker/queue-connection.ts), the run-event pub/sub, the
// cancel channel, the Slack replay guard — gets its client here, so timeouts, reconnect policy, TLS and
// what a refused credential looks like are decided once:
// - `rediss://` is TLS; REDIS_CA_FILE names the CA that signed the server's certificate (else the system's
//   store), REDIS_TLS_SERVERNAME the name to check it against when the URL holds an address.
// - A refused credential (WRONGPASS, NOAUTH, NOPERM while connecting: a scanner's key mistyped or revoked)
//   is one log line, AUTH_FAILED_MESSAGE, no stack, per attempt and process (a BullMQ worker's several
//   connections fail together and are said once), and a retry after 1 s doubling to 30 s. The error the
//   client then raises ('error' event, a rejected connect) carries AUTH_FAILED_MESSAGE as its message and
//   its stack, so whoever logs it says the same actionable thing instead of the server's raw WRONGPASS.
//   Other connection errors keep the fast reconnect (100 ms doubling to 2 s).
import { readFileSync } from 'node:fs';
import { createClient, type RedisClientType } from 'redis';
import { createLogger, type Logger } from './logger.js';

export type RedisClient = RedisClientType;

export const AUTH_FAILED_MESSAGE = 'authentication failed: scanner key invalid or revoked — ask an admin for a new one with /scan scanners add';

export interface RedisTlsOptions {
  /** PEM file of the CA that signed the server's certificate. */
  caFile?: string;
  /** The name the certificate must carry (SNI and the hostname check), when the URL holds an address. */
  servername?: string;
}

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
  /** For `rediss://` URLs; default from REDIS_CA_FILE and REDIS_TLS_SERVERNAME. */
  tls?: RedisTlsOptions;
  /** Where a refused credential is reported; default a logger of its own (LOG_LEVEL, stderr). */
  logger?: Logger;
}

/** Delays after a refused credential: 1 s, 2 s, 4 s … at most 30 s. */
export function authRetryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 30_000);
}

/** WRONGPASS / NOAUTH / NOPERM: the server refused who we are, not where we are. */
export function isAuthError(error: unknown): boolean {
  return error instanceof Error && (/^(WRONGPASS|NOAUTH|NOPERM)\b/.test(error.message) || error.message === AUTH_FAILED_MESSAGE);
}

/** Redacted URL → when its auth failure was last logged: the connections of one process fail together. */
const lastAuthLog = new Map<string, number>();
const AUTH_LOG_DEDUP_MS = 500;

/** Rewrites a refused credential into the message a person can act on (message and stack: one line). */
function reword(error: Error): string {
  const reason = error.message.split(/\r?\n/)[0] ?? '';
  if (error.message !== AUTH_FAILED_MESSAGE) {
    error.message = AUTH_FAILED_MESSAGE;
    error.stack = AUTH_FAILED_MESSAGE;
  }
  return reason;
}

function logAuthFailure(logger: Logger, where: string, reason: string, retryInMs: number): void {
  const now = Date.now();
  if (now - (lastAuthLog.get(where) ?? 0) < AUTH_LOG_DEDUP_MS) return;
  lastAuthLog.set(where, now);
  logger.error({ redis: where, reason, retryInMs }, AUTH_FAILED_MESSAGE);
}

let defaultLogger: Logger | undefined;
function redisLogger(options: RedisClientOptions): Logger {
  if (options.logger) return options.logger;
  defaultLogger ??= createLogger(process.env.LOG_LEVEL ?? 'info', { pretty: false }).child({ component: 'redis' });
  return defaultLogger;
}

function tlsSocketOptions(url: string, tls: RedisTlsOptions | undefined): Record<string, unknown> {
  if (!url.startsWith('rediss:')) return {};
  const caFile = tls?.caFile ?? (process.env.REDIS_CA_FILE || undefined);
  const servername = tls?.servername ?? (process.env.REDIS_TLS_SERVERNAME || undefined);
  return { tls: true, ...(caFile ? { ca: readFileSync(caFile) } : {}), ...(servername ? { servername } : {}) };
}

/** A client, not yet connected: call `.connect()` (BullMQ's adapter does it itself). */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const maxAttempts = options.maxReconnectAttempts ?? Infinity;
  const logger = redisLogger(options);
  let authFailures = 0;
  const client = createClient({
    url,
    ...(options.name ? { name: options.name } : {}),
    disableOfflineQueue: options.failWhenOffline ?? false,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 3000,
      ...tlsSocketOptions(url, options.tls),
      reconnectStrategy: (retries: number, cause: Error) => {
        if (isAuthError(cause)) {
          authFailures += 1;
          const reason = reword(cause);
          if (retries >= maxAttempts) return new Error(`Redis at ${redactUrl(url)}: ${AUTH_FAILED_MESSAGE}`);
          const delay = authRetryDelayMs(authFailures);
          logAuthFailure(logger, redactUrl(url), reason, delay);
          return delay;
        }
        if (retries >= maxAttempts) return new Error(`Redis at ${redactUrl(url)} unreachable: ${cause.message}`);
        return Math.min(100 * 2 ** retries, 2000);
      },
    },
  });
  client.on('ready', () => { authFailures = 0; });
  return client as unknown as RedisClient;
}

/** Connects a fresh client and fails within `timeoutMs` when Redis is unreachable or refuses the credential. */
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
    if (isAuthError(error) || isAuthError(lastError) || (error instanceof Error && error.message.includes(AUTH_FAILED_MESSAGE))) throw new Error(`Redis at ${redactUrl(url)}: ${AUTH_FAILED_MESSAGE}`, { cause: error });
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
