// Sends a command's Reply as the answer to an interaction that was deferred. How it was deferred decides:
// - `public`: public replies edit the deferred message (follow-ups for what did not fit); ephemeral ones
//   (refusals, denials) replace it with ephemeral follow-ups, because a public "thinking…" cannot become
//   private;
// - `private` (deferred ephemeral, see answersPrivately) and `in-place` (the deferral updates an ephemeral
//   question): the answer edits that private message and every follow-up is ephemeral too.
// A reply that started a run also gets a status message in the channel, which notifications edit in place.
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Reply } from '../../commands/reply.js';
import type { DiscordNotifier } from '../notifier.js';
import { editOptions, sendOptions } from '../payload.js';
import { renderMessages } from '../render/message.js';
import type { DiscordContext } from './context.js';
import { safeError } from './safe-error.js';

type Deferred = ChatInputCommandInteraction | ButtonInteraction;

export type Deferral = 'public' | 'private' | 'in-place';

export async function deliverReply(interaction: Deferred, reply: Reply, ctx: DiscordContext, deferral: Deferral = 'public'): Promise<void> {
  const messages = renderMessages(reply);
  const [first, ...more] = messages;
  if (!first) return;
  const privateAnswer = deferral !== 'public';
  if (reply.ephemeral && !privateAnswer) {
    await interaction.deleteReply();
    for (const message of messages) await interaction.followUp(sendOptions({ ...message, ephemeral: true }));
    return;
  }
  await interaction.editReply(editOptions(first));
  for (const message of more) await interaction.followUp(sendOptions({ ...message, ephemeral: message.ephemeral || privateAnswer }));
  if (reply.statusOf && !reply.ephemeral) await postStatusMessage(ctx.notifier, interaction.channelId ?? '', reply, ctx);
}

async function postStatusMessage(notifier: DiscordNotifier, channelId: string, reply: Reply, ctx: DiscordContext): Promise<void> {
  const statusOf = reply.statusOf;
  if (!statusOf || !channelId) return;
  try {
    const messageId = await notifier.postMessage(channelId, { ...reply, files: [] });
    await ctx.commands.service.rememberStatusMessage(statusOf.runId, 'discord', channelId, messageId);
  } catch (error) {
    ctx.logger.warn({ err: safeError(error), channelId, scanId: statusOf.scanId }, 'discord status message not posted');
  }
}
