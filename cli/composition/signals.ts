// Waiting for SIGTERM/SIGINT and the bounded shutdown after it, apart from lifecycle.ts (which migrates): the
// scanner process uses them and must not load the database code.
import { messageOf } from '../../core/deadline.js';
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

export interface BoundedShutdown {
  /** Runs one named step of the shutdown; a failing step is logged and the next one runs. */
  step(name: string, work: () => Promise<unknown>): Promise<void>;
  /** Disarms the deadline once every step is done. */
  done(): void;
}

let armed: { current: string } | null = null;

/**
 * Installs the shutdown deadline at process start, before anything can hang: from the first
 * SIGTERM/SIGINT on — also while start-up still waits on a dependency — the process exits with code 1 after
 * `graceMs`, naming what it was still waiting on; a second signal exits at once. `exit` is injectable.
 */
export function installShutdownDeadline(logger: Logger, graceMs: number, exit: (code: number) => void = (code) => process.exit(code)): { current: string } {
  if (armed) return armed;
  const state = { current: 'start-up (the process had not finished starting)' };
  armed = state;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (timer) {
      logger.warn({ signal, waitingOn: state.current }, `second ${signal}: exiting now`);
      exit(1);
      return;
    }
    timer = setTimeout(() => {
      logger.error({ graceMs, waitingOn: state.current }, `shutdown grace period over: exiting while still waiting on ${state.current}`);
      exit(1);
    }, graceMs);
    timer.unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return state;
}

/** The orderly shutdown after the signal: named steps, bounded by installShutdownDeadline's timer. */
export function boundedShutdown(logger: Logger, graceMs: number): BoundedShutdown {
  const state = installShutdownDeadline(logger, graceMs);
  state.current = 'starting the shutdown';
  return {
    async step(name, work) {
      state.current = name;
      try {
        await work();
      } catch (error) {
        logger.warn({ step: name, err: messageOf(error) }, 'shutdown step failed');
      }
    },
    done() {
      state.current = 'nothing (shutdown finished)';
    },
  };
}
