// `/scan help` and `/scan help NAME`, generated from the command definitions so help never drifts
// from what the parser accepts.
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
        'Options are `key=value`; put values with spaces in double quotes, e.g. `schedule="0 3 * * *"`. Scan ids look like SCAN-1001.',
        'Roles: viewer reads, operator runs scans, admin manages scope, channels, roles and deletes. Admins grant roles with `/scan role grant USER viewer|operator|admin`.',
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
      ? { table: { columns: ['argument', 'meaning'], rows: args.map((a) => [def.positionals.includes(a) ? a.placeholder : `${a.name}=${a.placeholder}`, a.description]) } }
      : {}),
    ephemeral: true,
    data: { name: def.name, usage: usageOf(def), summary: def.summary },
  };
}
