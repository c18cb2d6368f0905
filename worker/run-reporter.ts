// Streams a running scan's progress and leveled logs to the control plane as they come, batched (every
// 500 ms) so a chatty tool does not turn into one message per stderr line.
import type { Logger } from '../core/logger.js';
import type { LogLevel, ScanEvent } from '../scanner/types.js';
import type { WorkerScanService } from './worker-context.js';

export interface RunReporterDeps {
  service: Pick<WorkerScanService, 'recordProgress' | 'appendLogs'>;
  logger: Logger;
  intervalMs?: number;
}

export interface RunReporterOptions {
  /** Prepended to every log line, e.g. `[chunk 2/4] `. */
  logPrefix?: string;
  /** Turns this scan's progress into the run's (chunks: the average over all chunks). */
  aggregate?: (percent: number, phase: string) => Promise<number>;
}

export interface RunReporter {
  onEvent: (event: ScanEvent) => void;
  log(level: LogLevel, message: string): void;
  /** Writes what is pending now. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is pending. */
  close(): Promise<void>;
}

export function createRunReporter(run: { runId: number }, deps: RunReporterDeps, options: RunReporterOptions = {}): RunReporter {
  const prefix = options.logPrefix ?? '';
  let lines: Array<{ at: Date; level: LogLevel; message: string }> = [];
  let progress: { percent: number; phase: string } | null = null;
  let lastWritten: { percent: number; phase: string } | null = null;
  let flushing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    const batch = lines;
    lines = [];
    const current = progress;
    try {
      if (batch.length > 0) await deps.service.appendLogs(run.runId, batch);
      if (current && (current.percent !== lastWritten?.percent || current.phase !== lastWritten.phase)) {
        const percent = options.aggregate ? await options.aggregate(current.percent, current.phase) : current.percent;
        lastWritten = current;
        await deps.service.recordProgress(run.runId, percent, current.phase);
      }
    } catch (error) {
      deps.logger.warn({ runId: run.runId, err: error instanceof Error ? error.message : String(error) }, 'run progress/logs not sent');
    }
  }

  const flush = (): Promise<void> => {
    flushing = flushing.then(write);
    return flushing;
  };
  const timer = setInterval(() => void flush(), deps.intervalMs ?? 500);

  function log(level: LogLevel, message: string): void {
    lines.push({ at: new Date(), level, message: `${prefix}${message}` });
  }

  return {
    onEvent(event) {
      if (event.type === 'log') log(event.level, event.message);
      else progress = { percent: event.percent, phase: event.phase };
    },
    log,
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
