// Decides what each event becomes in chat and where it goes (DESIGN §6): run events update the run's
// status message (status-messages.ts) and its thread, failures and new exposure alert the `alerts`
// subscribers, report summaries go to the `reports` subscribers (report-summary.ts). Platforms are reached
// through Delivery. Events of one run are handled in order; nothing here ever throws at the caller. Events
// are hints: `verify` rebuilds each from the database before anything is posted or edited.
import type { NotificationEvent, RunEvent } from '../../core/events/run-events.js';
import type { Logger } from '../../core/logger.js';
import type { ScanService } from '../../core/scans/scan-service.contract.js';
import type { ChartsPort, ReportsPort, VulnerabilityPort } from '../commands/deps.js';
import type { ReplyFile } from '../commands/reply.js';
import { completionReply, failureAlertReply, newExposureReply } from '../presenters/run-events.js';
import type { ChannelSenderOptions } from './channel-sender.js';
import { Delivery, threadOf } from './delivery.js';
import type { Notifier } from './notifier.js';
import { postReportSummary } from './report-summary.js';
import { RunStatusMessages } from './status-messages.js';
import { postVulnerabilityAlert } from './vulnerability-alert.js';

export interface NotificationRouterDeps {
  service: Pick<ScanService, 'statusMessages' | 'subscribers'>;
  notifiers: Notifier[];
  charts?: ChartsPort;
  /** Builds the executive PDFs attached to report summaries; without it the summary goes without them. */
  reports?: ReportsPort;
  /** Reads the content of vulnerability alerts (events carry CVE ids only); without it they are dropped. */
  vulnerabilities?: VulnerabilityPort;
  logger: Logger;
  /** Minimum time between two edits of one run's status message (default 3 s). */
  progressIntervalMs?: number;
  channel?: ChannelSenderOptions;
  /**
   * Checks an event (a hint from Redis) against the database and returns what is stored, or null to drop
   * it (core/events/run-event-truth.ts). The composition always wires it; without it events are trusted.
   */
  verify?: (event: NotificationEvent) => Promise<NotificationEvent | null>;
}

type Finished = Extract<RunEvent, { type: 'run.finished' }>;

/** Report summaries share one queue of their own (they belong to no run). */
const SUMMARY_QUEUE = -1;
/** Vulnerability-data alerts share another. */
const VULNDB_QUEUE = -2;

export class NotificationRouter {
  private readonly delivery: Delivery;
  private readonly status: RunStatusMessages;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly chains = new Map<number, Promise<void>>();

  constructor(private readonly deps: NotificationRouterDeps) {
    this.delivery = new Delivery(deps.notifiers, deps.service, deps.logger, deps.channel);
    this.status = new RunStatusMessages({
      service: deps.service, delivery: this.delivery, progressIntervalMs: deps.progressIntervalMs ?? 3000,
      enqueue: (runId, work, what) => this.enqueue(runId, work, what),
    });
  }

  /**
   * Handles one event; resolves when its messages are sent (or given up). Never rejects. Events of one
   * run are handled in order, one at a time, so a late progress event cannot overwrite the final state.
   */
  handle(event: NotificationEvent): Promise<void> {
    if (event.type === 'vulndb.new_matches') return this.enqueue(VULNDB_QUEUE, () => postVulnerabilityAlert(event, { ...this.deps, delivery: this.delivery }), event.type); // re-reads everything from PostgreSQL
    const key = event.type === 'report.summary' ? SUMMARY_QUEUE : event.runId;
    return this.enqueue(key, async () => {
      const checked = this.deps.verify ? await this.deps.verify(event) : event;
      if (!checked) {
        this.deps.logger.warn({ type: event.type, ...(event.type === 'report.summary' ? {} : { runId: event.runId, scanId: event.scanId }) }, 'event dropped: it does not match the database (forged or stale)');
        return;
      }
      if (checked.type === 'report.summary') return postReportSummary(checked, { ...this.deps, delivery: this.delivery });
      if (checked.type === 'vulndb.new_matches') return;
      return this.route(checked);
    }, event.type);
  }

  /** Waits for everything in flight, including throttled edits still pending. */
  async idle(): Promise<void> {
    await this.status.flushPending();
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    await this.delivery.idle();
  }

  close(): void {
    this.status.close();
  }

  private enqueue(key: number, work: () => Promise<void>, what: string): Promise<void> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => {
      this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error), what, key }, 'notification routing failed');
    });
    this.chains.set(key, next);
    this.inflight.add(next);
    void next.finally(() => {
      this.inflight.delete(next);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  private async route(event: RunEvent): Promise<void> {
    if (event.type === 'run.new_exposure') {
      return event.ports.length === 0 ? undefined : this.delivery.toSubscribers('alerts', newExposureReply(event));
    }
    if (event.type === 'run.skipped') {
      this.deps.logger.info({ scanId: event.scanId, reason: event.reason }, 'scheduled run skipped');
      return;
    }
    if (this.status.hasEnded(event.runId) && (event.type === 'run.started' || event.type === 'run.progress' || event.type === 'run.log')) return;
    switch (event.type) {
      case 'run.started':
        return this.status.change(event, { status: 'running', percent: 0, phase: 'starting' }, true);
      case 'run.progress':
        return this.status.change(event, { status: 'running', percent: event.percent, phase: event.phase }, false);
      case 'run.log':
        return event.level === 'info' ? undefined : this.status.log(event, event.level, event.message);
      case 'run.finished':
        return this.finished(event);
      case 'run.submit_error':
        await this.status.finish(event, { status: 'submit_error', error: event.error });
        return this.delivery.toSubscribers('alerts', failureAlertReply(event));
    }
  }

  private async finished(event: Finished): Promise<void> {
    await this.status.finish(event, {
      status: event.status, openPorts: event.openPorts, findings: event.findings, severity: event.severity,
      durationSeconds: event.durationSeconds, error: event.error, percent: null, phase: null,
    });
    const chart = await this.chart(event);
    const places = await this.deps.service.statusMessages(event.runId);
    const summary = completionReply(event, chart);
    await Promise.all(places.map((place) => this.delivery.post(place.platform, place.channelId, summary, threadOf(place))));
    if (event.status === 'failed') await this.delivery.toSubscribers('alerts', failureAlertReply(event));
  }

  private async chart(event: Finished): Promise<ReplyFile | undefined> {
    if (!this.deps.charts || event.findings === 0) return undefined;
    try {
      const png = await this.deps.charts.renderSeverityChart(event.severity);
      return { name: `${event.scanId}-run-${event.run}-severity.png`, mime: 'image/png', data: png, title: `${event.scanId} findings by severity` };
    } catch (error) {
      this.deps.logger.warn({ err: String(error), scanId: event.scanId }, 'severity chart failed; summary sent without it');
      return undefined;
    }
  }
}
