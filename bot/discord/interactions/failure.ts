// The last resort after an interaction was deferred: the answer could not be delivered (Discord refused
// it, the network failed). Logged (method, route, status, Discord's error — never the body sent, which
// is the reply); the user sees a short note instead of an endless "thinking…".
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { DiscordContext } from './context.js';
import { safeError } from './safe-error.js';

export async function answerFailure(interaction: ChatInputCommandInteraction | ButtonInteraction, error: unknown, ctx: DiscordContext): Promise<void> {
  ctx.logger.error({ err: safeError(error), id: interaction.id, user: interaction.user.id }, 'discord reply could not be delivered');
  try {
    await interaction.followUp({ content: 'Portcullis could not post its answer here. An admin can find the details in the logs.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } catch (fallbackError) {
    ctx.logger.warn({ err: safeError(fallbackError) }, 'discord failure note not delivered either');
  }
}
