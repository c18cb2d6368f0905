// The status message of each run, kept up to date from its events (DESIGN §2, §6): edited in place at
// most once per interval (progress is throttled, the first and the last state are sent at once), with
// the warning/error lines gathered meanwhile posted as one reply in the run's thread.
import type { RunEvent } from '../../core/events/run-events.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import { logBatchReply, statusMessageReply, type RunStatusView } from '../presenters/run-events.js';
import { threadOf, type Delivery } from './delivery.js';

interface RunState {
  runId: number;
  view: RunStatusView;
  lastFlush: number;
  timer?: NodeJS.Timeout;
  pendingLogs: Array<{ level: string; message: string }>;
  dirty: boolean;
}

export interface RunStatusMessagesDeps {
  service: Pick<ScanService, 'statusMessages'>;
  delivery: Delivery;
  progressIntervalMs: number;
  /** Runs work in the run's queue of the router, so a timed edit never overtakes a later event. */
  enqueue(runId: number, work: () => Promise<void>, what: string): Promise<void>;
}

/** Ended runs remembered, so late progress of another connection or a retry cannot reopen them. */
const ENDED_REMEMBERED = 10_000;

export class RunStatusMessages {
  private readonly runs = new Map<number, RunState>();
  private readonly ended = new Set<number>();

  constructor(private readonly deps: RunStatusMessagesDeps) {}

  hasEnded(runId: number): boolean {
    return this.ended.has(runId);
  }

  /** Applies a change to the run's view; edits now when `now` or when the last edit is old enough. */
  async change(event: RunEvent, changes: Partial<RunStatusView>, now: boolean): Promise<void> {
    const state = this.stateOf(event);
    Object.assign(state.view, changes);
    return this.schedule(state, now);
  }

  /** A warning or error line: goes in the thread with the next edit. */
  async log(event: RunEvent, level: string, message: string): Promise<void> {
    const state = this.stateOf(event);
    state.pendingLogs.push({ level, message });
    return this.schedule(state, false);
  }

  /** The final state: edited at once, then the run is forgotten. */
  async finish(event: RunEvent, changes: Partial<RunStatusView>): Promise<void> {
    const state = this.stateOf(event);
    Object.assign(state.view, changes);
    state.dirty = true;
    await this.flush(event.runId);
    this.forget(event.runId);
  }

  /** Sends every edit still waiting for its interval. */
  async flushPending(): Promise<void> {
    for (const state of [...this.runs.values()]) if (state.timer) await this.flush(state.runId);
  }

  close(): void {
    for (const state of this.runs.values()) clearTimeout(state.timer);
    this.runs.clear();
  }

  private stateOf(event: RunEvent): RunState {
    let state = this.runs.get(event.runId);
    if (!state) {
      const view: RunStatusView = { scanId: event.scanId, scanName: event.scanName, run: event.run, status: 'planned', percent: null, phase: null };
      state = { runId: event.runId, view, lastFlush: 0, pendingLogs: [], dirty: false };
      this.runs.set(event.runId, state);
    }
    return state;
  }

  private async schedule(state: RunState, now: boolean): Promise<void> {
    state.dirty = true;
    const due = state.lastFlush + this.deps.progressIntervalMs - Date.now();
    if (now || due <= 0) return this.flush(state.runId);
    state.timer ??= setTimeout(() => void this.deps.enqueue(state.runId, () => this.flush(state.runId), 'status update'), due);
  }

  private async flush(runId: number): Promise<void> {
    const state = this.runs.get(runId);
    if (!state) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    state.lastFlush = Date.now();
    const logs = state.pendingLogs.splice(0);
    const dirty = state.dirty;
    state.dirty = false;
    const places = await this.deps.service.statusMessages(runId);
    const reply = statusMessageReply(state.view);
    const { delivery } = this.deps;
    await Promise.all(places.map(async (place) => {
      if (dirty) await delivery.update(place, reply);
      if (logs.length > 0) await delivery.post(place.platform, place.channelId, logBatchReply(state.view.scanId, state.view.run, logs), threadOf(place));
    }));
  }

  private forget(runId: number): void {
    const state = this.runs.get(runId);
    if (state) clearTimeout(state.timer);
    this.runs.delete(runId);
    this.ended.add(runId);
    if (this.ended.size > ENDED_REMEMBERED) this.ended.delete(this.ended.values().next().value as number);
  }
}
