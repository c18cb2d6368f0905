// A `/scan <sub-command>` interaction's typed options → the command layer's CommandRequest. The option
// names are the ArgDef names (the command JSON was generated from them), so no mapping table is needed;
// the command layer validates values with the same schemas as typed text.
import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandRequest } from '../commands/definitions.js';

export function commandRequestOf(interaction: Pick<ChatInputCommandInteraction, 'options'>): CommandRequest {
  const name = interaction.options.getSubcommand(false) ?? 'help';
  const sub = interaction.options.data.find((option) => option.name === name);
  const args: CommandRequest['args'] = {};
  for (const option of sub?.options ?? []) {
    // USER options carry the user's snowflake as their value.
    if (typeof option.value === 'string' || typeof option.value === 'number' || typeof option.value === 'boolean') args[option.name] = option.value;
  }
  return { name, args };
}
