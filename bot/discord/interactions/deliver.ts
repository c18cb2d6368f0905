// Sends a command's Reply as the answer to an interaction that was deferred: public replies edit the
// deferred message (follow-ups for what did not fit); ephemeral ones (refusals, denials, questions)
// replace it with an ephemeral follow-up, because a public "thinking…" cannot become private. A reply
// that started a run also gets a status message in the channel, which notifications edit in place.
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Reply } from '../../commands/reply.js';
import type { DiscordNotifier } from '../notifier.js';
import { editOptions, sendOptions } from '../payload.js';
import { renderMessages } from '../render/message.js';
import type { DiscordContext } from './context.js';

type Deferred = ChatInputCommandInteraction | ButtonInteraction;

/** `inPlace`: the deferral was an update of an (ephemeral) message, so the answer edits that message. */
export async function deliverReply(interaction: Deferred, reply: Reply, ctx: DiscordContext, inPlace = false): Promise<void> {
  const messages = renderMessages(reply);
  const [first, ...more] = messages;
  if (!first) return;
  if (reply.ephemeral && !inPlace) {
    await interaction.deleteReply();
    for (const message of messages) await interaction.followUp(sendOptions(message));
    return;
  }
  await interaction.editReply(editOptions(first));
  for (const message of more) await interaction.followUp(sendOptions({ ...message, ephemeral: message.ephemeral || inPlace }));
  if (reply.statusOf && !reply.ephemeral) await postStatusMessage(ctx.notifier, interaction.channelId ?? '', reply, ctx);
}

async function postStatusMessage(notifier: DiscordNotifier, channelId: string, reply: Reply, ctx: DiscordContext): Promise<void> {
  const statusOf = reply.statusOf;
  if (!statusOf || !channelId) return;
  try {
    const messageId = await notifier.postMessage(channelId, { ...reply, files: [] });
    await ctx.commands.service.rememberStatusMessage(statusOf.runId, 'discord', channelId, messageId);
  } catch (error) {
    ctx.logger.warn({ err: error instanceof Error ? error.message : String(error), channelId, scanId: statusOf.scanId }, 'discord status message not posted');
  }
}
