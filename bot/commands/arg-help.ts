// What help, the README and Discord say about an argument, written from its definition: the description,
// then the accepted values with their aliases, the bounds and the default — the same fields the parser
// validates with, so the words cannot drift from what is accepted.
import { choiceList } from './arg-values.js';
import type { ArgDef } from './definitions.js';

/** `Scan engine; one of masscan, nmap, hybrid; default nmap`. */
export function argHelp(arg: ArgDef): string {
  const parts = [arg.description];
  if (arg.choices && (arg.aliases || arg.placeholder !== arg.choices.join('|'))) parts.push(`one of ${choiceList(arg.choices, arg.aliases)}`);
  if (arg.kind === 'integer' && arg.min !== undefined && arg.max !== undefined) parts.push(`${arg.min.toLocaleString('en-US')} to ${arg.max.toLocaleString('en-US')}`);
  if (arg.defaultText !== undefined) parts.push(`default ${arg.defaultText}`);
  return parts.join('; ');
}

/** argHelp cut to `limit` characters at a word (Discord option descriptions hold 100). */
export function shortArgHelp(arg: ArgDef, limit = 100): string {
  const full = argHelp(arg);
  if (full.length <= limit) return full;
  const cut = full.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[;,]$/, '')}…`;
}
