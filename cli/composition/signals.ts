// Waiting for SIGTERM/SIGINT, apart from lifecycle.ts (which migrates): the scanner process uses it and
// must not load the database code.
import type { Logger } from '../../core/logger.js';

/** Resolves on the first SIGTERM or SIGINT, after logging `message`. */
export function untilSignal(logger: Logger, message: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, message);
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
