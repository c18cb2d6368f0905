// Follows the events workers publish on Redis pub/sub — run events and report summaries — on the channel
// of one database (runEventsChannel), and hands each to a callback. Messages are checked for shape first:
// anything malformed is logged and dropped.
import type { NotificationEvent, ReportSummaryEvent, RunEvent, VulnerabilityAlertEvent } from '../../core/events/run-events.js';
import { withDeadline } from '../../core/deadline.js';
import { reportRedisOutages } from '../../core/health/outage-notice.js';
import type { Logger } from '../../core/logger.js';
import { createRedisClient } from '../../core/redis.js';

/** How long a long-running bot's start waits for its subscription before going on without it. */
const LONG_RUNNING_WAIT_MS = 5000;

const RUN_TYPES = new Set(['run.started', 'run.progress', 'run.log', 'run.finished', 'run.new_exposure', 'run.submit_error', 'run.skipped']);

function isReportSummary(value: Partial<ReportSummaryEvent>): value is ReportSummaryEvent {
  const digest = value.digest as Partial<ReportSummaryEvent['digest']> | undefined;
  return value.type === 'report.summary' && typeof digest === 'object' && digest !== null && Array.isArray(digest.scans) && Array.isArray(digest.topRisks) && typeof digest.severity === 'object';
}

/** Only CVE ids are taken from the message; the router reads everything else from the database. */
function vulnerabilityAlertOf(value: object): VulnerabilityAlertEvent | null {
  const ids = (value as { cveIds?: unknown }).cveIds;
  if (!Array.isArray(ids)) return null;
  const cveIds = ids.filter((id): id is string => typeof id === 'string' && /^CVE-\d{4}-\d{4,7}$/.test(id)).slice(0, 50);
  return cveIds.length === 0 ? null : { type: 'vulndb.new_matches', at: new Date().toISOString(), cveIds };
}

export function parseNotificationEvent(message: string): NotificationEvent | null {
  try {
    const value = JSON.parse(message) as Partial<RunEvent> | Partial<ReportSummaryEvent> | null;
    if (!value || typeof value !== 'object') return null;
    if (value.type === 'report.summary') return isReportSummary(value as Partial<ReportSummaryEvent>) ? (value as ReportSummaryEvent) : null;
    if ((value as { type?: unknown }).type === 'vulndb.new_matches') return vulnerabilityAlertOf(value);
    const run = value as Partial<RunEvent>;
    if (!RUN_TYPES.has(String(run.type))) return null;
    if (typeof run.runId !== 'number' || typeof run.scanId !== 'string' || typeof run.run !== 'number') return null;
    return run as RunEvent;
  } catch {
    return null;
  }
}

/** Only run events (report summaries are not run events). */
export function parseRunEvent(message: string): RunEvent | null {
  const event = parseNotificationEvent(message);
  return event && event.type !== 'report.summary' && event.type !== 'vulndb.new_matches' ? event : null;
}

export interface RunEventSubscription {
  close(): Promise<void>;
}

/**
 * Subscribes to `channel` — runEventsChannel(config.DATABASE_URL), so a bot hears only its own database's
 * workers — and resolves once the subscription is active (events published after that are seen).
 */
export async function subscribeNotificationEvents(redisUrl: string, onEvent: (event: NotificationEvent) => void, logger: Logger, channel: string, options: { connectTimeoutMs?: number } = {}): Promise<RunEventSubscription> {
  const oneShot = options.connectTimeoutMs !== undefined;
  const client = createRedisClient(redisUrl, { name: 'portcullis-bot-events', ...(oneShot ? { maxReconnectAttempts: 0 } : {}) });
  reportRedisOutages(client, logger, 'event subscription');
  const subscribed = (async () => {
    await client.connect();
    await client.subscribe(channel, (message: string) => {
      const event = parseNotificationEvent(message);
      if (!event) {
        logger.warn({ message: message.slice(0, 200) }, 'malformed event dropped');
        return;
      }
      onEvent(event);
    });
  })();
  if (oneShot) {
    // chat --wait: give up at the deadline (it then follows the run through the database).
    await withDeadline(subscribed, options.connectTimeoutMs!, 'subscribe to run events').catch((error: unknown) => {
      client.destroy();
      throw error;
    });
  } else {
    // A long-running bot does not wait on a Redis that is down: it subscribes when Redis answers (the outage
    // notice says so once), and node-redis subscribes again after every reconnect.
    await withDeadline(subscribed, LONG_RUNNING_WAIT_MS, 'subscribe to run events').catch((error: unknown) => {
      subscribed.catch(() => undefined);
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'run events not subscribed yet: notifications start once Redis answers');
    });
  }
  return {
    async close() {
      try {
        if (client.isReady) await withDeadline(client.unsubscribe(channel), 2000, 'unsubscribe from run events');
      } finally {
        client.destroy();
      }
    },
  };
}

/** The run events of `channel` only (for `chat --wait`, which follows one run). */
export function subscribeRunEvents(redisUrl: string, onEvent: (event: RunEvent) => void, logger: Logger, channel: string, options: { connectTimeoutMs?: number } = {}): Promise<RunEventSubscription> {
  return subscribeNotificationEvents(redisUrl, (event) => {
    if (event.type !== 'report.summary' && event.type !== 'vulndb.new_matches') onEvent(event);
  }, logger, channel, options);
}
