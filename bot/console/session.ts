// One console user's session: runs command text through handleCommand as that user, writes reply files
// under the output directory, and registers a run's status message so notifications edit it "in place"
// (on a terminal: reprinted with ↻). Shared by the REPL, `portcullis chat`, and the conformance driver.
import { ACTIVE_RUN_STATUSES, type Actor, type RunStatus } from '../../core/scans/scan-model.js';
import type { CommandDeps } from '../commands/deps.js';
import { handleCommand } from '../commands/dispatcher.js';
import type { Reply } from '../commands/reply.js';
import { writeReplyFiles } from './files.js';
import type { WrittenFile } from './render.js';

/** The console user when none is named: console users are admins (DESIGN §7). */
export const LOCAL_ADMIN_ID = 'local-admin';
export const CONSOLE_CHANNEL = 'console';

/**
 * The actor of a console command. `ID` is a console user (an admin); `slack:ID` or `discord:ID` acts as
 * that chat identity, with the role it was granted — how roles are tried out from a terminal.
 */
export function consoleActor(user: string = LOCAL_ADMIN_ID): Actor {
  const match = /^(slack|discord):(.+)$/i.exec(user);
  if (match) return { platform: match[1]!.toLowerCase() as 'slack' | 'discord', userId: match[2]!, channelId: CONSOLE_CHANNEL, displayName: user };
  return { platform: 'console', userId: user, channelId: CONSOLE_CHANNEL, displayName: user };
}

export interface ConsoleResult {
  reply: Reply;
  files: WrittenFile[];
  /** The status message id when the reply started a run. */
  statusMessageId?: string;
}

export interface ConsoleSessionOptions {
  deps: CommandDeps;
  outputDir: string;
  actor?: Actor;
  /** Message ids for status messages (the console notifier's counter when there is one). */
  nextMessageId?: () => string;
}

export class ConsoleSession {
  readonly actor: Actor;
  private counter = 0;
  /** Runs started from this session (create, rerun): exit checks whether they are still active. */
  private readonly started: Array<{ scanId: string; run: number }> = [];

  constructor(private readonly options: ConsoleSessionOptions) {
    this.actor = options.actor ?? consoleActor();
  }

  async run(text: string): Promise<ConsoleResult> {
    const reply = await handleCommand({ actor: this.actor, text }, this.options.deps);
    const files = await writeReplyFiles(reply, this.options.outputDir);
    if (!reply.statusOf) return { reply, files };
    this.started.push({ scanId: reply.statusOf.scanId, run: reply.statusOf.run });
    const messageId = this.options.nextMessageId?.() ?? `console-status-${process.pid}-${++this.counter}`;
    try {
      await this.options.deps.service.rememberStatusMessage(reply.statusOf.runId, 'console', this.actor.channelId, messageId);
    } catch (error) {
      this.options.deps.logger.warn({ err: String(error), runId: reply.statusOf.runId }, 'status message not remembered');
    }
    return { reply, files, statusMessageId: messageId };
  }

  /** The runs started here that are still planned or running (read from the service, so always current). */
  async activeRuns(): Promise<Array<{ scanId: string; run: number; status: RunStatus }>> {
    const active: Array<{ scanId: string; run: number; status: RunStatus }> = [];
    for (const ref of this.started) {
      const run = await this.options.deps.service.history(ref.scanId).then((runs) => runs.find((r) => r.run === ref.run)).catch(() => undefined);
      if (run && ACTIVE_RUN_STATUSES.includes(run.status)) active.push({ ...ref, status: run.status });
    }
    return active;
  }
}
