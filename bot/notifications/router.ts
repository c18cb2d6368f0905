// Decides what each RunEvent becomes in chat and where it goes (DESIGN §6): the run's status message is
// edited in place (progress throttled per run), warnings/errors and the completion summary go in its
// thread, failures and new exposure alert the `alerts` subscribers. Platforms are reached through
// Notifiers; ChannelSender paces and retries. Nothing here ever throws at the caller.
import type { RunEvent } from '../../core/events/run-events.js';
import type { Logger } from '../../core/logger.js';
import type { Platform } from '../../core/scans/scan-model.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ChartsPort } from '../commands/deps.js';
import type { Reply, ReplyFile } from '../commands/reply.js';
import { completionReply, failureAlertReply, logBatchReply, newExposureReply, statusMessageReply, type RunStatusView } from '../presenters/run-events.js';
import { ChannelSender, type ChannelSenderOptions } from './channel-sender.js';
import type { Notifier } from './notifier.js';

export interface NotificationRouterDeps {
  service: Pick<ScanService, 'statusMessages' | 'subscribers'>;
  notifiers: Notifier[];
  charts?: ChartsPort;
  logger: Logger;
  /** Minimum time between two edits of one run's status message (default 3 s). */
  progressIntervalMs?: number;
  channel?: ChannelSenderOptions;
}

interface RunState {
  runId: number;
  view: RunStatusView;
  lastFlush: number;
  timer?: NodeJS.Timeout;
  pendingLogs: Array<{ level: string; message: string }>;
  dirty: boolean;
}

type StatusMessage = Awaited<ReturnType<ScanService['statusMessages']>>[number];

export class NotificationRouter {
  private readonly runs = new Map<number, RunState>();
  private readonly sender: ChannelSender;
  private readonly progressIntervalMs: number;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly chains = new Map<number, Promise<void>>();
  /** Runs that ended recently: late progress/log events (other connections, retries) are ignored. */
  private readonly ended = new Set<number>();

  constructor(private readonly deps: NotificationRouterDeps) {
    this.sender = new ChannelSender(deps.logger, deps.channel);
    this.progressIntervalMs = deps.progressIntervalMs ?? 3000;
  }

  /**
   * Handles one event; resolves when its messages are sent (or given up). Never rejects. Events of one
   * run are handled in order, one at a time, so a late progress event cannot overwrite the final state.
   */
  handle(event: RunEvent): Promise<void> {
    return this.enqueue(event.runId, () => this.route(event), event.type);
  }

  private enqueue(runId: number, work: () => Promise<void>, what: string): Promise<void> {
    const previous = this.chains.get(runId) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => {
      this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error), what, runId }, 'notification routing failed');
    });
    this.chains.set(runId, next);
    this.inflight.add(next);
    void next.finally(() => {
      this.inflight.delete(next);
      if (this.chains.get(runId) === next) this.chains.delete(runId);
    });
    return next;
  }

  /** Waits for everything in flight, including throttled edits still pending. */
  async idle(): Promise<void> {
    for (const state of [...this.runs.values()]) if (state.timer) await this.flush(state.runId);
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    await this.sender.idle();
  }

  close(): void {
    for (const state of this.runs.values()) clearTimeout(state.timer);
    this.runs.clear();
  }

  private async route(event: RunEvent): Promise<void> {
    if (event.type === 'run.new_exposure') {
      return event.ports.length === 0 ? undefined : this.toSubscribers('alerts', newExposureReply(event));
    }
    if (event.type === 'run.skipped') {
      this.deps.logger.info({ scanId: event.scanId, reason: event.reason }, 'scheduled run skipped');
      return;
    }
    if (this.ended.has(event.runId) && (event.type === 'run.started' || event.type === 'run.progress' || event.type === 'run.log')) return;
    const state = this.stateOf(event);
    switch (event.type) {
      case 'run.started':
        Object.assign(state.view, { status: 'running', percent: 0, phase: 'starting' });
        return this.schedule(state, event.runId, true);
      case 'run.progress':
        Object.assign(state.view, { status: 'running', percent: event.percent, phase: event.phase });
        return this.schedule(state, event.runId, false);
      case 'run.log':
        if (event.level === 'info') return;
        state.pendingLogs.push({ level: event.level, message: event.message });
        return this.schedule(state, event.runId, false);
      case 'run.finished':
        return this.finished(state, event);
      case 'run.submit_error':
        Object.assign(state.view, { status: 'submit_error', error: event.error });
        await this.flush(event.runId);
        this.forget(event.runId);
        return this.toSubscribers('alerts', failureAlertReply(event));
    }
  }

  private forget(runId: number): void {
    const state = this.runs.get(runId);
    if (state) clearTimeout(state.timer);
    this.runs.delete(runId);
    this.ended.add(runId);
    if (this.ended.size > 10_000) this.ended.delete(this.ended.values().next().value as number);
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

  /** Edits now when the last edit is old enough, else once at the end of the interval. */
  private async schedule(state: RunState, runId: number, now: boolean): Promise<void> {
    state.dirty = true;
    const due = state.lastFlush + this.progressIntervalMs - Date.now();
    if (now || due <= 0) return this.flush(runId);
    state.timer ??= setTimeout(() => void this.handleFlush(runId), due);
  }

  private handleFlush(runId: number): Promise<void> {
    return this.enqueue(runId, () => this.flush(runId), 'status update');
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
    await Promise.all(places.map(async (place) => {
      if (dirty) await this.update(place, reply);
      if (logs.length > 0) await this.post(place.platform, place.channelId, logBatchReply(state.view.scanId, state.view.run, logs), threadOf(place));
    }));
  }

  private async finished(state: RunState, event: Extract<RunEvent, { type: 'run.finished' }>): Promise<void> {
    Object.assign(state.view, {
      status: event.status, openPorts: event.openPorts, findings: event.findings, severity: event.severity,
      durationSeconds: event.durationSeconds, error: event.error, percent: null, phase: null,
    });
    state.dirty = true;
    await this.flush(event.runId);
    this.forget(event.runId);
    const chart = await this.chart(event);
    const places = await this.deps.service.statusMessages(event.runId);
    const summary = completionReply(event, chart);
    await Promise.all(places.map((place) => this.post(place.platform, place.channelId, summary, threadOf(place))));
    if (event.status === 'failed') await this.toSubscribers('alerts', failureAlertReply(event));
  }

  private async chart(event: Extract<RunEvent, { type: 'run.finished' }>): Promise<ReplyFile | undefined> {
    if (!this.deps.charts || event.findings === 0) return undefined;
    try {
      const png = await this.deps.charts.renderSeverityChart(event.severity);
      return { name: `${event.scanId}-run-${event.run}-severity.png`, mime: 'image/png', data: png, title: `${event.scanId} findings by severity` };
    } catch (error) {
      this.deps.logger.warn({ err: String(error), scanId: event.scanId }, 'severity chart failed; summary sent without it');
      return undefined;
    }
  }

  private async toSubscribers(kind: 'alerts' | 'reports', reply: Reply): Promise<void> {
    const channels = await this.deps.service.subscribers(kind);
    await Promise.all(channels.map((c) => this.post(c.platform, c.channelId, reply)));
  }

  private notifier(platform: Platform): Notifier | undefined {
    return this.deps.notifiers.find((n) => n.platform === platform);
  }

  private async post(platform: Platform, channelId: string, reply: Reply, threadId?: string): Promise<string | null> {
    const notifier = this.notifier(platform);
    if (!notifier) return null;
    return this.sender.send(`${platform}:${channelId}`, reply.title, () => notifier.postMessage(channelId, reply, threadId));
  }

  private async update(place: StatusMessage, reply: Reply): Promise<void> {
    const notifier = this.notifier(place.platform);
    if (!notifier) return;
    await this.sender.send(`${place.platform}:${place.channelId}`, reply.title, () => notifier.updateMessage(place.channelId, place.messageId, reply));
  }
}

/** Thread replies go under the status message itself unless the platform stored a separate thread id. */
function threadOf(place: StatusMessage): string {
  return place.threadId ?? place.messageId;
}
