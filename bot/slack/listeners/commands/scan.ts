// `/scan …`: ack() first — an empty 200 within milliseconds, before any database work — then the command
// runs and its reply is posted with the bot token (Slack's 3-second limit never meets a slow database).
import type { App } from '@slack/bolt';
import { actorFromCommand } from '../../actor.js';
import type { ListenerContext } from '../context.js';
import { runAndDeliver } from '../run-and-deliver.js';

export const SLASH_COMMAND = '/scan';

export function registerScanCommand(app: App, ctx: ListenerContext): void {
  app.command(SLASH_COMMAND, async ({ ack, command, client, respond }) => {
    await ack();
    await runAndDeliver(ctx, client, actorFromCommand(command), { text: command.text }, respond);
  });
}
