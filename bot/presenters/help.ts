// `/scan help` and `/scan help NAME`, generated from the command definitions so help never drifts
// from what the parser accepts.
import { argHelp } from '../commands/arg-help.js';
import { COMMANDS, usageOf } from '../commands/catalog.js';
import type { CommandDef } from '../commands/definitions.js';
import type { Reply } from '../commands/reply.js';
import { requiredRole } from '../commands/roles.js';

function roleNote(def: CommandDef): string {
  if (def.name === 'scope') return 'viewer (list), admin (add/remove)';
  const role = requiredRole(def, {});
  return role ?? 'anyone';
}

export function helpReply(def?: CommandDef): Reply {
  if (!def) {
    return {
      title: 'Portcullis: /scan commands',
      tone: 'info',
      text: [
        'Options are `key=value`; put values with spaces in quotes, double or single, e.g. `schedule="0 3 * * *"` or `schedule=\'0 3 * * *\'`. Scan ids look like SCAN-1001.',
        'Roles: viewer reads, operator runs scans, admin manages scope, channels, roles and deletes. Admins grant roles with `/scan role grant USER viewer|operator|admin`, where USER is a mention or `slack:U123` / `discord:123`.',
        '`/scan help COMMAND` shows one command in detail.',
      ],
      table: { columns: ['command', 'does', 'role'], rows: COMMANDS.map((c) => [`/scan ${c.name}`, c.summary, roleNote(c)]) },
      ephemeral: true,
      data: { commands: COMMANDS.map((c) => ({ name: c.name, usage: usageOf(c), summary: c.summary })) },
    };
  }
  const args = [...def.positionals, ...def.options];
  return {
    title: `/scan ${def.name}`,
    tone: 'info',
    text: [def.summary, `Usage: \`${usageOf(def)}\``, ...(def.details ?? []), ...def.examples.map((e) => `Example: \`/scan ${e}\``)],
    fields: [{ label: 'Role', value: roleNote(def), inline: true }],
    ...(args.length > 0
      ? { table: { columns: ['argument', 'meaning'], rows: args.map((a) => [def.positionals.includes(a) ? a.placeholder : `${a.name}=${a.placeholder}`, argHelp(a)]) } }
      : {}),
    ephemeral: true,
    data: { name: def.name, usage: usageOf(def), summary: def.summary },
  };
}

/** `/scan help COMMAND` for every command, one line each: the README's command table is this text. */
export function commandTableMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = COMMANDS.map((c) => {
    const args = [...c.positionals, ...c.options].map((a) => `\`${c.positionals.includes(a) ? a.placeholder : `${a.name}=`}\` ${argHelp(a)}`);
    return `| \`${cell(usageOf(c))}\` | ${cell(c.summary)} (${cell(roleNote(c))})${args.length > 0 ? `<br>${cell(args.join('<br>'))}` : ''} |`;
  });
  return ['| Command | What it does (role), and its arguments |', '|---|---|', ...rows].join('\n');
}
