// The console's Notifier: notifications are rendered as text, written to a sink (the terminal) and kept
// in order, so `portcullis chat --wait` can print or return what a run produced. On an interactive prompt
// they are printed above the line being typed (prompt-guard.ts), never over it.
import type { Reply } from '../commands/reply.js';
import type { Notifier } from '../notifications/notifier.js';
import { writeReplyFiles } from './files.js';
import { printAbovePrompt } from './prompt-guard.js';
import { renderReply, type WrittenFile } from './render.js';

export interface ConsoleNotification {
  kind: 'post' | 'update';
  channelId: string;
  messageId: string;
  threadId?: string;
  reply: Reply;
  files: WrittenFile[];
}

export class ConsoleNotifier implements Notifier {
  readonly platform = 'console' as const;
  readonly sent: ConsoleNotification[] = [];
  private counter = 0;

  constructor(private readonly options: { outputDir: string; write?: (text: string) => void }) {}

  async postMessage(channelId: string, reply: Reply, threadId?: string): Promise<string> {
    const messageId = `console-${process.pid}-${++this.counter}`;
    await this.emit({ kind: 'post', channelId, messageId, ...(threadId ? { threadId } : {}), reply, files: [] });
    return messageId;
  }

  async updateMessage(channelId: string, messageId: string, reply: Reply): Promise<void> {
    await this.emit({ kind: 'update', channelId, messageId, reply, files: [] });
  }

  private async emit(notification: ConsoleNotification): Promise<void> {
    notification.files = await writeReplyFiles(notification.reply, this.options.outputDir);
    this.sent.push(notification);
    const prefix = notification.kind === 'update' ? '↻ ' : notification.threadId ? '↳ ' : '';
    const text = prefix + renderReply(notification.reply, notification.files);
    printAbovePrompt(() => this.options.write?.(text));
  }
}
