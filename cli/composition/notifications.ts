// The notification router fed by the events of this database's workers (run events and report
// summaries, on runEventsChannel(DATABASE_URL)), checked against the database (they are hints), posting
// through the given notifiers.
import type { CommandDeps } from '../../bot/commands/deps.js';
import type { Notifier } from '../../bot/notifications/notifier.js';
import { NotificationRouter, type NotificationRouterDeps } from '../../bot/notifications/router.js';
import { subscribeNotificationEvents } from '../../bot/notifications/run-event-subscription.js';
import type { Config } from '../../core/config.js';
import { runEventsChannel } from '../../core/events/run-events.js';
import type { Logger } from '../../core/logger.js';
import { createRunEventVerifier } from '../../core/events/run-event-truth.js';
import type { DigestSource } from '../../core/reports/stored-digest.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.js';

export interface RunningNotifications {
  router: NotificationRouter;
  /** Stops listening, sends what is still pending, then stops the router. */
  stop(): Promise<void>;
}

export interface NotificationsDeps {
  config: Pick<Config, 'REDIS_URL' | 'DATABASE_URL'>;
  logger: Logger;
  service: NotificationRouterDeps['service'];
  notifiers: Notifier[];
  commands: Pick<CommandDeps, 'reports' | 'charts' | 'vulnerabilities'>;
  channel?: NotificationRouterDeps['channel'];
  /** The database events are checked against before they change a message. */
  db: Kysely<Database>;
  /** Where a report summary is rebuilt from before it is posted (the scans in the database). */
  digests: DigestSource;
}

export async function startNotifications(deps: NotificationsDeps): Promise<RunningNotifications> {
  const { commands } = deps;
  const router = new NotificationRouter({
    service: deps.service, notifiers: deps.notifiers, logger: deps.logger,
    ...(commands.charts ? { charts: commands.charts } : {}),
    ...(commands.reports ? { reports: commands.reports } : {}),
    ...(commands.vulnerabilities ? { vulnerabilities: commands.vulnerabilities } : {}),
    ...(deps.channel ? { channel: deps.channel } : {}),
    verify: createRunEventVerifier(deps.db, deps.digests),
  });
  const channel = runEventsChannel(deps.config.DATABASE_URL);
  const subscription = await subscribeNotificationEvents(deps.config.REDIS_URL, (event) => void router.handle(event), deps.logger, channel);
  return {
    router,
    async stop() {
      await subscription.close().catch(() => undefined);
      await router.idle();
      router.close();
    },
  };
}
