// Who issued a Discord command or clicked a button: the user's snowflake (immutable; never the username,
// which anyone can change), the channel, and the guild as the workspace.
import type { Interaction } from 'discord.js';
import type { Actor } from '../../core/scans/scan-model.js';

export function actorOf(interaction: Interaction): Actor {
  return {
    platform: 'discord',
    userId: interaction.user.id,
    channelId: interaction.channelId ?? '',
    ...(interaction.guildId ? { workspaceId: interaction.guildId } : {}),
    displayName: interaction.user.username,
  };
}
