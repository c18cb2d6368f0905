// The command definitions as plain Discord application-command JSON (no discord.js import here): one
// `/scan` command with a sub-command per definition and typed options. The Discord adapter registers
// this as it is (or maps it with its builders). Discord's rules hold by construction and are tested:
// names ≤ 32 lowercase, descriptions ≤ 100, ≤ 25 choices/options/sub-commands, required before optional.
import { shortArgHelp } from './arg-help.js';
import { COMMANDS } from './catalog.js';
import type { ArgDef, CommandDef } from './definitions.js';

/** Discord's ApplicationCommandOptionType values used here. */
export const DISCORD_OPTION_TYPE = { SUB_COMMAND: 1, STRING: 3, INTEGER: 4, USER: 6 } as const;

export interface DiscordOptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: Array<{ name: string; value: string }>;
  min_value?: number;
  max_value?: number;
  options?: DiscordOptionJson[];
}

export interface DiscordCommandJson {
  name: 'scan';
  description: string;
  options: DiscordOptionJson[];
}

function optionJson(arg: ArgDef): DiscordOptionJson {
  const type = arg.kind === 'integer' ? DISCORD_OPTION_TYPE.INTEGER : arg.kind === 'user' ? DISCORD_OPTION_TYPE.USER : DISCORD_OPTION_TYPE.STRING;
  return {
    type,
    name: arg.name,
    description: shortArgHelp(arg),
    required: arg.required,
    ...(arg.choices ? { choices: arg.choices.slice(0, 25).map((c) => ({ name: c, value: c })) } : {}),
    ...(arg.min !== undefined ? { min_value: arg.min } : {}),
    ...(arg.max !== undefined ? { max_value: arg.max } : {}),
  };
}

export function subcommandJson(def: CommandDef): DiscordOptionJson {
  const args = [...def.positionals, ...def.options];
  // Discord requires required options first; order is otherwise kept.
  const ordered = [...args.filter((a) => a.required), ...args.filter((a) => !a.required)];
  return { type: DISCORD_OPTION_TYPE.SUB_COMMAND, name: def.name, description: def.summary.slice(0, 100), options: ordered.map(optionJson) };
}

export function discordCommandJson(): DiscordCommandJson {
  return { name: 'scan', description: 'Portcullis perimeter scans', options: COMMANDS.map(subcommandJson) };
}
