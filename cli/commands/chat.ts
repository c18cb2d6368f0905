// `portcullis chat "TEXT" [--user ID] [--json] [--wait]` (DESIGN §8): one command through the console
// adapter against the real database and queue. `--wait` subscribes to run events before the command
// runs, then blocks until the run it started ends, printing the notifications it produced. Exit code 1
// when the command was refused or failed, or the run it started ended submit_error or failed; 2 for bad
// CLI usage. Nothing waits unbounded: with Redis or PostgreSQL down it fails within 10 s with the reason
// and what to do — a run that could not be queued is recorded as submit_error, never lost.
import { loadConfig } from '../../core/config.js';
import { runEventsChannel, type RunEvent } from '../../core/events/run-events.js';
import { createLogger } from '../../core/logger.js';
import { ConsoleNotifier } from '../../bot/console/console-notifier.js';
import { chatJson } from '../../bot/console/files.js';
import { renderReply } from '../../bot/console/render.js';
import { ConsoleSession, consoleActor } from '../../bot/console/session.js';
import { NotificationRouter } from '../../bot/notifications/router.js';
import { subscribeRunEvents } from '../../bot/notifications/run-event-subscription.js';
import { messageOf } from '../../core/deadline.js';
import { migrate, openBackend } from './bot.js';
import { waitForRunEnd } from '../../bot/console/wait-for-run.js';

/** How long each dependency may take to answer a one-shot command (all of them well within 10 s). */
const CONNECT_DEADLINE_MS = 3000;

const USAGE = 'Usage: portcullis chat "TEXT" [--user ID] [--json] [--wait] [--wait-timeout SECONDS]\n\n' +
  'Runs one /scan command through the console adapter, e.g. portcullis chat "create web 203.0.113.0/28 ports=80,443".\n' +
  'The default user is a local admin (console users are admins); --user slack:ID or --user discord:ID acts as that\n' +
  'chat identity with the role it was granted (/scan role grant slack:ID operator).\n';

interface ChatArgs { text: string; user?: string; json: boolean; wait: boolean; waitTimeoutSeconds: number }

export function parseChatArgs(args: string[]): ChatArgs | string {
  const words: string[] = [];
  const out: ChatArgs = { text: '', json: false, wait: false, waitTimeoutSeconds: 3 * 3600 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') out.json = true;
    else if (arg === '--wait') out.wait = true;
    else if (arg === '--user' || arg === '--wait-timeout') {
      const value = args[++i];
      if (!value) return `${arg} needs a value`;
      if (arg === '--user') out.user = value;
      else if (!/^\d+$/.test(value)) return '--wait-timeout takes whole seconds';
      else out.waitTimeoutSeconds = Number(value);
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else words.push(arg);
  }
  out.text = words.join(' ').trim();
  if (!out.text) return 'give the command text, e.g. portcullis chat "list"';
  return out;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseChatArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`portcullis chat: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', { pretty: false });
  try {
    await migrate(config);
  } catch (error) {
    process.stderr.write(`portcullis chat: ${messageOf(error)}\n`);
    return 1;
  }
  const backend = await openBackend(config, logger, { connectDeadlineMs: CONNECT_DEADLINE_MS });
  const write = parsed.json ? undefined : (text: string) => void process.stdout.write(text);
  const notifier = new ConsoleNotifier({ outputDir: config.PORTCULLIS_OUTPUT_DIR, ...(write ? { write } : {}) });
  // The same router as the bot's, charts included, so the completion summary carries its severity chart.
  const router = new NotificationRouter({ service: backend.service, notifiers: [notifier], logger, channel: { intervalMs: 0 }, ...(backend.commands.charts ? { charts: backend.commands.charts } : {}) });
  const events: RunEvent[] = [];
  const onEvent = (event: RunEvent) => {
    events.push(event);
    void router.handle(event);
  };
  // Without Redis, --wait still works: waitForRunEnd asks the database every 2 s.
  const subscription = parsed.wait
    ? await subscribeRunEvents(config.REDIS_URL, onEvent, logger, runEventsChannel(config.DATABASE_URL), { connectTimeoutMs: CONNECT_DEADLINE_MS }).catch((error: unknown) => {
        logger.warn({ err: messageOf(error) }, 'run events unavailable: --wait follows the run through the database');
        return null;
      })
    : null;
  try {
    const session = new ConsoleSession({ deps: backend.commands, outputDir: config.PORTCULLIS_OUTPUT_DIR, actor: consoleActor(parsed.user), nextMessageId: () => `console-status-${process.pid}-${Date.now()}` });
    const { reply, files } = await session.run(parsed.text);
    if (!parsed.json) process.stdout.write(renderReply(reply, files));
    let runStatus: string | null = null;
    if (parsed.wait && reply.statusOf && !reply.failed) {
      runStatus = await waitForRunEnd({ service: backend.service, scanId: reply.statusOf.scanId, runId: reply.statusOf.runId, run: reply.statusOf.run, events, timeoutMs: parsed.waitTimeoutSeconds * 1000 });
      await router.idle();
    }
    // The run this command started may already have ended (submit_error): say why, and exit non-zero.
    const started = reply.statusOf && !reply.failed ? (await backend.service.history(reply.statusOf.scanId)).find((r) => r.run === reply.statusOf?.run) : undefined;
    const endedBadly = started && (started.status === 'submit_error' || started.status === 'failed') ? started : undefined;
    if (endedBadly) process.stderr.write(`portcullis chat: ${reply.statusOf?.scanId} run ${endedBadly.run} ${endedBadly.status === 'failed' ? 'failed' : 'was not queued'}: ${endedBadly.error ?? 'no reason recorded'}\n`);
    if (parsed.json) {
      const notifications = notifier.sent.map((n) => ({ kind: n.kind, ...(n.threadId ? { thread: n.threadId } : {}), ...chatJson(n.reply, n.files) }));
      process.stdout.write(`${JSON.stringify({ ...chatJson(reply, files), ...(parsed.wait ? { runStatus, notifications } : {}) }, null, 2)}\n`);
    } else if (runStatus) {
      process.stdout.write(`Run ended: ${runStatus}\n`);
    }
    return reply.failed || endedBadly || runStatus === 'failed' || runStatus === 'submit_error' || runStatus === 'timeout' ? 1 : 0;
  } finally {
    await subscription?.close().catch(() => undefined);
    router.close();
    await backend.close();
  }
}
