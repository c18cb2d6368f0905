// Process lifecycle shared by the long-running sub-commands (start, bot, worker): migrate before serving,
// wait for SIGTERM/SIGINT, and shut down within a bounded time: each step is waited for only until the
// grace period (SHUTDOWN_GRACE_SECONDS) is over, then the process exits whatever it still waits on — a
// query stuck on a dead database, a job that will not hand back — and a second signal exits at once.
import type { Config } from '../../core/config.js';
import { messageOf } from '../../core/deadline.js';
import type { Logger } from '../../core/logger.js';
import { ensureDatabase, migrateToLatest, openDb } from '../../db/migrate.js';

/** Creates the database when missing and applies every pending migration. */
export async function migrate(config: Pick<Config, 'DATABASE_URL'>): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const db = openDb<unknown>(config.DATABASE_URL, { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

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

export interface BoundedShutdown {
  /** Runs one named step of the shutdown; a failing step is logged and the next one runs. */
  step(name: string, work: () => Promise<unknown>): Promise<void>;
  /** Disarms the deadline once every step is done. */
  done(): void;
}

/**
 * Arms the shutdown deadline: after `graceMs` the process exits with code 1, naming the step it was still
 * waiting on; a second SIGTERM/SIGINT exits at once. `exit` is injectable for tests.
 */
export function boundedShutdown(logger: Logger, graceMs: number, exit: (code: number) => void = (code) => process.exit(code)): BoundedShutdown {
  let current = 'starting the shutdown';
  const timer = setTimeout(() => {
    logger.error({ graceMs, waitingOn: current }, `shutdown grace period over: exiting while still waiting on ${current}`);
    exit(1);
  }, graceMs);
  timer.unref();
  const again = (signal: NodeJS.Signals) => {
    logger.warn({ signal, waitingOn: current }, `second ${signal}: exiting now`);
    exit(1);
  };
  process.once('SIGTERM', again);
  process.once('SIGINT', again);
  return {
    async step(name, work) {
      current = name;
      try {
        await work();
      } catch (error) {
        logger.warn({ step: name, err: messageOf(error) }, 'shutdown step failed');
      }
    },
    done() {
      clearTimeout(timer);
      process.off('SIGTERM', again);
      process.off('SIGINT', again);
    },
  };
}
