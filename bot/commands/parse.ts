// Turns `/scan …` text (Slack, console) or structured options (Discord, buttons) into a validated
// ParsedCommand using the definitions of catalog.ts. Every failure is a UserError with a specific message
// and the usage line of the command concerned.
import { UserError } from '../../core/errors.js';
import { clip } from './arg-values.js';
import { COMMANDS, findCommand, usageOf } from './catalog.js';
import type { ArgDef, CommandDef, CommandRequest, ParsedCommand } from './definitions.js';
import { didYouMean } from './did-you-mean.js';
import { tokenize } from './tokenize.js';

type RawValue = string | number | boolean;

/** Parses command text: `/scan create web 203.0.113.0/28 ports=80,443`, `scan show 1001` or `show 1001`. */
export function parseCommandText(input: string): ParsedCommand {
  const tokens = tokenize(input.trim());
  if (tokens[0]?.key === undefined && /^\/?scan$/i.test(tokens[0]?.value ?? '')) tokens.shift();
  const first = tokens.shift();
  if (!first) return { name: 'help', args: {} };
  if (first.key !== undefined) throw unknownCommand(`${first.key}=${first.value}`);
  const def = findCommand(first.value);
  if (!def) throw unknownCommand(first.value);

  const args: Record<string, RawValue> = {};
  let position = 0;
  for (const token of tokens) {
    if (token.key === undefined) {
      const target = def.positionals[position++];
      if (!target) throw badInput(def, `Unexpected "${clip(token.value)}": ${describeShape(def)}`);
      args[target.name] = token.value;
      continue;
    }
    if (token.key in args) throw badInput(def, `${token.key} is given twice.`);
    args[token.key] = token.value;
  }
  return validate(def, args);
}

/** Validates structured input (Discord options, button actions) with the same rules as text. */
export function parseCommandRequest(request: CommandRequest): ParsedCommand {
  const def = findCommand(request.name);
  if (!def) throw unknownCommand(request.name);
  const args: Record<string, RawValue> = {};
  for (const [key, value] of Object.entries(request.args)) {
    if (value !== undefined) args[key.toLowerCase()] = value;
  }
  return validate(def, args);
}

function validate(def: CommandDef, rawArgs: Record<string, RawValue>): ParsedCommand {
  const all = [...def.positionals, ...def.options];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rawArgs)) {
    const arg = all.find((a) => a.name === key);
    if (!arg) throw badInput(def, unknownOption(def, key));
    const result = arg.schema.safeParse(value);
    if (!result.success) throw badInput(def, `${label(arg)} ${result.error.issues[0]?.message ?? 'is not valid'}.`);
    out[arg.name] = result.data;
  }
  for (const arg of all) {
    if (arg.required && !(arg.name in out)) throw badInput(def, `Missing ${arg.placeholder} (${arg.description.toLowerCase()}).`);
  }
  if (def.name === 'scope' && out.action !== 'list' && out.cidr === undefined) {
    throw badInput(def, `Missing CIDR: \`/scan scope ${String(out.action)} 203.0.113.0/24\`.`);
  }
  // The value shapes are checked per ArgDef above; the pair (name, args) matches CommandArgs by construction
  // (test/unit/commands checks every definition against it).
  return { name: def.name, args: out } as ParsedCommand;
}

function label(arg: ArgDef): string {
  return arg.kind === 'choice' || arg.name === arg.placeholder.toLowerCase() ? arg.name : `${arg.name} (${arg.placeholder})`;
}

function describeShape(def: CommandDef): string {
  if (def.positionals.length === 0) return `${def.name} takes only key=value options.`;
  return `${def.name} takes ${def.positionals.map((p) => p.placeholder).join(' ')} and then key=value options.`;
}

function unknownOption(def: CommandDef, key: string): string {
  const names = [...def.positionals, ...def.options].map((a) => a.name);
  const suggestion = didYouMean(key, names);
  if (def.options.length === 0) return `${def.name} has no option "${clip(key)}".${suggestion ? ` Did you mean ${suggestion}?` : ''}`;
  return `Unknown option "${clip(key)}".${suggestion ? ` Did you mean ${suggestion}=?` : ` Options: ${def.options.map((o) => o.name).join(', ')}.`}`;
}

function badInput(def: CommandDef, message: string): UserError {
  return new UserError('BAD_INPUT', message, { usage: usageOf(def) });
}

function unknownCommand(word: string): UserError {
  const suggestion = didYouMean(word, COMMANDS.map((c) => c.name));
  const hint = suggestion ? ` Did you mean \`/scan ${suggestion}\`?` : '';
  return new UserError('UNKNOWN_COMMAND', `Unknown command "${clip(word)}".${hint} \`/scan help\` lists the commands.`, {
    usage: suggestion ? usageOf(findCommand(suggestion)!) : '/scan help [command]',
  });
}
