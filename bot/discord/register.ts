// Registers `/scan` with its sub-commands and typed options, generated from the command definitions
// (bot/commands discordCommandJson), with one bulk overwrite: per guild when DISCORD_GUILD_ID is set
// (instant, for a team's own server), else globally.
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from '../../core/logger.js';
import { discordCommandJson } from '../commands/discord-shape.js';

export async function registerScanCommand(rest: REST, applicationId: string, guildId: string | undefined, logger: Logger): Promise<void> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const command = discordCommandJson();
  await rest.put(route, { body: [command] });
  logger.info({ scope: guildId ? `guild ${guildId}` : 'global', subcommands: command.options.length }, 'discord /scan command registered');
}
