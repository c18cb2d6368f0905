// The part every listener shares after its ack(): run the command through the command layer, deliver the
// reply with the bot token, and, for a reply that started a run, remember the posted message as that run's
// status message so notifications edit it in place. Never throws: a listener has already acked.
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../../core/scans/scan-model.js';
import type { CommandRequest } from '../../commands/definitions.js';
import { handleCommand } from '../../commands/dispatcher.js';
import { deliverReply, type RespondFn } from '../deliver.js';
import { safeSlackError } from '../safe-error.js';
import type { ListenerContext } from './context.js';

type Command = { text: string } | { command: CommandRequest };

export function runAndDeliver(ctx: ListenerContext, client: WebClient, actor: Actor, command: Command, respond?: RespondFn): Promise<void> {
  return ctx.work.run(() => execute(ctx, client, actor, command, respond));
}

async function execute(ctx: ListenerContext, client: WebClient, actor: Actor, command: Command, respond?: RespondFn): Promise<void> {
  const started = Date.now();
  try {
    const reply = await handleCommand({ actor, ...command }, ctx.commands);
    const ts = await deliverReply(client, { channel: actor.channelId, user: actor.userId, ...(respond ? { respond } : {}) }, reply, ctx.logger);
    if (ts && reply.statusOf) await ctx.commands.service.rememberStatusMessage(reply.statusOf.runId, 'slack', actor.channelId, ts);
    ctx.logger.debug({ user: actor.userId, channel: actor.channelId, ms: Date.now() - started }, 'slack command answered');
  } catch (error) {
    ctx.logger.error({ err: safeSlackError(error), user: actor.userId, channel: actor.channelId }, 'slack reply could not be delivered');
    if (!respond) return;
    try {
      await respond({ response_type: 'ephemeral', text: 'Portcullis could not post its answer here. An admin can find the details in the logs.', blocks: [] });
    } catch (fallbackError) {
      ctx.logger.warn({ err: safeSlackError(fallbackError) }, 'slack response_url fallback failed too');
    }
  }
}
