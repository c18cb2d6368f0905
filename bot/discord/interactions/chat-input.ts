// `/scan <sub-command> …`: deferReply first (Discord's 3-second limit holds even when the database is
// slow), then the command layer, then the answer. A command whose reply holds a credential (see
// answersPrivately) is deferred ephemeral, so not even the "thinking…" placeholder is public and the answer
// edits a message only the requester sees. Never throws: after the deferral the user gets either the reply
// or a short "could not answer" note.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { handleCommand } from '../../commands/dispatcher.js';
import { answersPrivately } from '../../commands/private-reply.js';
import type { Reply } from '../../commands/reply.js';
import { actorOf } from '../actor.js';
import { commandRequestOf } from '../command-request.js';
import type { DiscordContext } from './context.js';
import { deliverReply } from './deliver.js';
import { answerFailure } from './failure.js';
import { safeError } from './safe-error.js';

export function onScanCommand(interaction: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  const request = commandRequestOf(interaction);
  return answerCommand(interaction, answersPrivately(request), () => handleCommand({ actor: actorOf(interaction), command: request }, ctx.commands), ctx);
}

/** Defers (ephemeral when `privately`), produces the reply, delivers it. */
export async function answerCommand(interaction: ChatInputCommandInteraction, privately: boolean, produce: () => Promise<Reply>, ctx: DiscordContext): Promise<void> {
  try {
    await (privately ? interaction.deferReply({ flags: MessageFlags.Ephemeral }) : interaction.deferReply());
  } catch (error) {
    ctx.logger.warn({ err: safeError(error), id: interaction.id }, 'discord deferReply failed (interaction expired?)');
    return;
  }
  try {
    await deliverReply(interaction, await produce(), ctx, privately ? 'private' : 'public');
  } catch (error) {
    await answerFailure(interaction, error, ctx);
  }
}

