// `/scan <sub-command> …`: deferReply first (Discord's 3-second limit holds even when the database is
// slow), then the command layer, then the answer. Never throws: after the deferral the user gets either
// the reply or a short "could not answer" note.
import type { ChatInputCommandInteraction } from 'discord.js';
import { handleCommand } from '../../commands/dispatcher.js';
import { actorOf } from '../actor.js';
import { commandRequestOf } from '../command-request.js';
import type { DiscordContext } from './context.js';
import { deliverReply } from './deliver.js';
import { answerFailure } from './failure.js';

export async function onScanCommand(interaction: ChatInputCommandInteraction, ctx: DiscordContext): Promise<void> {
  try {
    await interaction.deferReply();
  } catch (error) {
    ctx.logger.warn({ err: error instanceof Error ? error.message : String(error), id: interaction.id }, 'discord deferReply failed (interaction expired?)');
    return;
  }
  try {
    const reply = await handleCommand({ actor: actorOf(interaction), command: commandRequestOf(interaction) }, ctx.commands);
    await deliverReply(interaction, reply, ctx);
  } catch (error) {
    await answerFailure(interaction, error, ctx);
  }
}
