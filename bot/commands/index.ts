// The public API of the command layer, for the adapters (bot/slack, bot/discord, bot/console) and the
// notification router. Adapters import from here only.
export { handleCommand, type CommandContext } from './dispatcher.js';
export { COMMANDS, commandDef, findCommand, usageOf } from './catalog.js';
export { COMMAND_NAMES, type ArgDef, type ArgKind, type CommandArgs, type CommandDef, type CommandName, type CommandRequest, type ParsedCommand } from './definitions.js';
export { parseCommandRequest, parseCommandText } from './parse.js';
export { BUTTON_ACTIONS, commandForAction, isButtonAction, type ButtonAction } from './actions.js';
export { discordCommandJson, subcommandJson, DISCORD_OPTION_TYPE, type DiscordCommandJson, type DiscordOptionJson } from './discord-shape.js';
export type { ChartsPort, CommandDeps, ReportFormat, ReportKind, ReportsPort } from './deps.js';
export type { Reply, ReplyButton, ReplyField, ReplyFile, ReplyTable, ReplyTone } from './reply.js';
