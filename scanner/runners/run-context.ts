// What a runner needs from the engine while a tool runs: leveled logs, overall progress (0–100, never going
// back), where to hand the open ports it finds (the run's ResultStream), and phases with their own time budget. A phase's stop signal fires on cancellation (the request's
// AbortSignal) or when its budget is used up, after a warning at 90 % (DESIGN §3).
import type { ResultStream } from '../results/result-stream.js';
import type { LogLevel, ScanEventSink } from '../types.js';
import { watchTimeout } from '../process/timeout-watcher.js';

export type StopReason = 'timeout' | 'cancelled';

/** How one phase (one or more tool runs) ended; its open ports went to the run's ResultStream. */
export interface PhaseResult {
  warnings: string[];
  /** Why the phase was stopped early, if it was. */
  stopped?: StopReason;
  /** The tool failed: what went wrong and what to do. */
  error?: string;
}

export interface Phase {
  name: string;
  budgetSeconds: number;
  /** Fires with reason 'timeout' or 'cancelled'. */
  stop: AbortSignal;
  /** Progress within the phase, 0–100, mapped onto the phase's share of the run. */
  progress(percent: number): void;
  end(): void;
}

export class RunContext {
  private percent = 0;
  private lastEmitted = -1;

  constructor(
    private readonly sink: ScanEventSink | undefined,
    readonly cancel: AbortSignal | undefined,
    /** Takes the open ports as the tools report them; counts them per host. */
    readonly results: ResultStream,
  ) {}

  get progressPercent(): number {
    return this.percent;
  }

  log(level: LogLevel, message: string): void {
    this.sink?.({ type: 'log', level, message, at: new Date() });
  }

  progress(percent: number, phase: string): void {
    const clamped = Math.min(100, Math.max(this.percent, percent));
    this.percent = clamped;
    // One event per whole percent is plenty for a chat status message.
    if (Math.floor(clamped) === this.lastEmitted) return;
    this.lastEmitted = Math.floor(clamped);
    this.sink?.({ type: 'progress', percent: Math.floor(clamped), phase, at: new Date() });
  }

  /** Starts a phase that covers [from, to] of the run's progress and may take `budgetSeconds`. */
  startPhase(name: string, range: [number, number], budgetSeconds: number): Phase {
    const controller = new AbortController();
    const onCancel = () => controller.abort('cancelled');
    if (this.cancel?.aborted) controller.abort('cancelled');
    else this.cancel?.addEventListener('abort', onCancel, { once: true });
    const watcher = watchTimeout({
      budgetSeconds,
      onWarning: () => this.log('warning', `${name} has used 90 % of its ${budgetSeconds} s time budget (run at ${Math.floor(this.percent)} %); it will be stopped in ${Math.ceil(budgetSeconds * 0.1)} s`),
      onTimeout: () => {
        this.log('error', `${name} reached its ${budgetSeconds} s time budget at ${Math.floor(this.percent)} %; stopping it`);
        controller.abort('timeout');
      },
    });
    this.progress(range[0], name);
    return {
      name,
      budgetSeconds,
      stop: controller.signal,
      progress: (percent) => this.progress(range[0] + ((range[1] - range[0]) * Math.min(100, Math.max(0, percent))) / 100, name),
      end: () => {
        watcher.clear();
        this.cancel?.removeEventListener('abort', onCancel);
      },
    };
  }
}

/** Grace period between SIGINT and SIGKILL: short when a person pressed Stop, longer on a timeout. */
export function graceFor(reason: unknown): number {
  return reason === 'cancelled' ? 1500 : 3000;
}
