// The last resort after an interaction was deferred: the answer could not be delivered (Discord refused
// it, the network failed). Logged with the details; the user sees a short note instead of an endless
// "thinking…".
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { DiscordContext } from './context.js';

export async function answerFailure(interaction: ChatInputCommandInteraction | ButtonInteraction, error: unknown, ctx: DiscordContext): Promise<void> {
  ctx.logger.error({ err: error, id: interaction.id, user: interaction.user.id }, 'discord reply could not be delivered');
  try {
    await interaction.followUp({ content: 'Portcullis could not post its answer here. An admin can find the details in the logs.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } catch (fallbackError) {
    ctx.logger.warn({ err: fallbackError instanceof Error ? fallbackError.message : String(fallbackError) }, 'discord failure note not delivered either');
  }
}
