// A promise that gives up after a deadline: Redis calls made while Redis is down would otherwise wait
// for a reconnect forever, and a run must become submit_error quickly instead.
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Resolves or rejects like `promise`, or rejects with TimeoutError after `ms`; `onLate` sees a late value. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onLate?: (value: T) => void): Promise<T> {
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new TimeoutError(what, ms));
    }, ms);
  });
  promise.then(
    (value) => {
      if (timedOut) onLate?.(value);
    },
    () => undefined,
  );
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
