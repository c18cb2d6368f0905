// Deadlines and retries for every call that crosses to Redis or PostgreSQL. A client that reconnects for
// ever (node-redis, BullMQ, a pg pool waiting for a slot) never rejects on its own, so whoever waits on it
// on a command's path races it against a deadline here; long-running loops retry with backoff instead.
// One-shot commands use connect-with-deadline helpers built on this (core/redis.ts connectRedis,
// db/connection.ts openDb's connectTimeoutMs) and fail within seconds with a reason and what to do.

export class DeadlineError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Resolves or rejects like `work`, or rejects with DeadlineError after `ms`. `onLate` sees a value that
 * arrived after the deadline (e.g. to undo a job that got queued too late); a late rejection is swallowed.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, onLate?: (value: T) => void): Promise<T> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new DeadlineError(what, ms));
    }, ms);
  });
  work.then(
    (value) => {
      if (timedOut) onLate?.(value);
    },
    () => undefined,
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface BackoffOptions {
  /** Tries in all (the first included). */
  attempts: number;
  /** Wait before the second try; doubles each time up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Told of each failed try that will be retried. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Which errors are worth another try (default: all); any other is rethrown at once. */
  retryIf?: (error: unknown) => boolean;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` until it succeeds or the tries are used up (then rethrows the last error; `attempts` may be Infinity). */
export async function retryWithBackoff<T>(work: (attempt: number) => Promise<T>, options: BackoffOptions): Promise<T> {
  let delay = options.baseDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= options.attempts || (options.retryIf && !options.retryIf(error))) throw error;
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 30_000);
    }
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
