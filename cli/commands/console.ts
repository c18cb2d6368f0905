// `portcullis console`: the interactive console adapter on its own (no Slack/Discord, no worker): type
// `/scan …` commands as the local admin; run notifications are printed as they arrive.
import { loadConfig } from '../../core/config.js';
import { runEventsChannel } from '../../core/events/run-events.js';
import { createLogger } from '../../core/logger.js';
import { ConsoleNotifier } from '../../bot/console/console-notifier.js';
import { runRepl } from '../../bot/console/repl.js';
import { ConsoleSession, consoleActor } from '../../bot/console/session.js';
import { NotificationRouter } from '../../bot/notifications/router.js';
import { subscribeNotificationEvents } from '../../bot/notifications/run-event-subscription.js';
import { migrate, openBackend } from './bot.js';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: portcullis console [--user ID]\n\nType /scan commands (or just `create …`); `exit` leaves. A worker (`portcullis worker`) runs the scans.\n');
    return 0;
  }
  const userIndex = args.indexOf('--user');
  const user = userIndex >= 0 ? args[userIndex + 1] : undefined;
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  await migrate(config);
  const backend = await openBackend(config, logger);
  const notifier = new ConsoleNotifier({ outputDir: config.PORTCULLIS_OUTPUT_DIR, write: (text) => void process.stdout.write(text) });
  const router = new NotificationRouter({ service: backend.service, notifiers: [notifier], logger, channel: { intervalMs: 0 }, ...(backend.commands.charts ? { charts: backend.commands.charts } : {}), ...(backend.commands.reports ? { reports: backend.commands.reports } : {}) });
  const subscription = await subscribeNotificationEvents(config.REDIS_URL, (event) => void router.handle(event), logger, runEventsChannel(config.DATABASE_URL)).catch((error: unknown) => {
    logger.warn({ err: String(error) }, 'run notifications off: Redis unreachable');
    return null;
  });
  try {
    const session = new ConsoleSession({ deps: backend.commands, outputDir: config.PORTCULLIS_OUTPUT_DIR, actor: consoleActor(user) });
    await runRepl({ session, input: process.stdin, output: process.stdout });
    return 0;
  } finally {
    await subscription?.close().catch(() => undefined);
    router.close();
    await backend.close();
  }
}
