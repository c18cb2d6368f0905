// The reaper: on the control plane, every REAPER_INTERVAL_SECONDS, it ends the runs that would otherwise
// stay `planned`/`running` for ever — their worker died with no one to take the job over, their job
// vanished from Redis, or their final write failed (a database fault during ingest). Each is judged from
// PostgreSQL (status, the worker's heartbeat) and the queue (core/scans/run-liveness.ts) and ended `failed`
// with "worker lost: …" or "results could not be stored: …"; its run.finished event carries the last error
// lines. The final write is retried with backoff; what still fails is tried again next round.
import type { Kysely } from 'kysely';
import { messageOf, retryWithBackoff, withDeadline } from '../core/deadline.js';
import type { RunEvent } from '../core/events/run-events.js';
import type { Logger } from '../core/logger.js';
import { endAbandonedRun } from '../core/scans/abandoned-run.js';
import type { JobInspection, RunDispatcher } from '../core/scans/run-dispatcher.js';
import { judgeRun, type LivenessLimits } from '../core/scans/run-liveness.js';
import { watchedActiveRuns } from '../db/repositories/active-run-watch.repository.js';
import type { Database } from '../db/schema/database.js';

export interface ReaperDeps {
  db: Kysely<Database>;
  dispatcher: RunDispatcher & Required<Pick<RunDispatcher, 'inspect'>>;
  logger: Logger;
  publish: (event: RunEvent) => Promise<void>;
  intervalMs: number;
  limits: LivenessLimits;
  /** Tries of the final write of one run in a round (default 4: 0.5 s, 1 s, 2 s between them). */
  writeAttempts?: number;
}

export interface SweepOutcome {
  checked: number;
  ended: Array<{ scanId: string; run: number; reason: string }>;
  /** Runs whose final write failed even after the retries: tried again next round. */
  failedWrites: number;
}

export interface Reaper {
  /** One round now (also what the timer runs). */
  sweep(): Promise<SweepOutcome>;
  /** Stops the timer and waits (boundedly) for a round in progress. */
  stop(): Promise<void>;
}

export function startReaper(deps: ReaperDeps): Reaper {
  const { db, dispatcher, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SweepOutcome> | null = null;
  let stopped = false;

  async function sweepOnce(): Promise<SweepOutcome> {
    const outcome: SweepOutcome = { checked: 0, ended: [], failedWrites: 0 };
    const runs = await watchedActiveRuns(db);
    outcome.checked = runs.length;
    for (const run of runs) {
      if (stopped) break;
      const job = { scanId: run.scan_public_id, runId: run.id, run: run.number, pool: run.scan_pool };
      const inspection: JobInspection | null = await dispatcher.inspect(job).catch(() => null);
      const verdict = judgeRun(run, inspection, Date.now(), deps.limits);
      if (!verdict.abandoned) continue;
      const error = `${verdict.reason}; rerun it with /scan rerun ${run.scan_public_id}`;
      try {
        const ended = await retryWithBackoff(() => endAbandonedRun({ db, dispatcher, logger, publish: deps.publish }, run, 'failed', error, `reaper: ${error}`), {
          attempts: deps.writeAttempts ?? 4,
          baseDelayMs: 500,
          onRetry: (err, attempt, delayMs) => logger.warn({ ...job, attempt, delayMs, err: messageOf(err) }, 'reaper: ending a stuck run failed; retrying'),
        });
        if (ended) {
          outcome.ended.push({ scanId: run.scan_public_id, run: run.number, reason: verdict.reason });
          logger.error({ ...job, reason: verdict.reason }, `reaper ended ${run.scan_public_id} run ${run.number}: ${verdict.reason}`);
        }
      } catch (err) {
        outcome.failedWrites++;
        logger.warn({ ...job, err: messageOf(err) }, 'reaper: the stuck run could not be ended now; next round tries again');
      }
    }
    return outcome;
  }

  async function sweep(): Promise<SweepOutcome> {
    running ??= sweepOnce().finally(() => {
      running = null;
    });
    return running;
  }

  const tick = () => {
    if (stopped) return;
    sweep()
      .catch((err: unknown) => logger.warn({ err: messageOf(err) }, 'reaper round failed (database unreachable?); next round tries again'))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, deps.intervalMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, deps.intervalMs);
  timer.unref();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await withDeadline(running, 5000, 'reaper round').catch(() => undefined);
    },
  };
}
