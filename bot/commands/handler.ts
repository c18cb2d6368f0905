// The signature every command handler has: validated arguments in, a neutral Reply out. One handler per
// file under handlers/, registered in handlers/index.ts.
import type { Actor, Role } from '../../core/scans/scan-model.js';
import type { CommandArgs, CommandName } from './definitions.js';
import type { CommandDeps } from './deps.js';
import type { Reply } from './reply.js';

export interface HandlerContext {
  actor: Actor;
  role: Role | null;
  deps: CommandDeps;
}

export type CommandHandler<K extends CommandName> = (args: CommandArgs[K], ctx: HandlerContext) => Promise<Reply>;

export type HandlerTable = { [K in CommandName]: CommandHandler<K> };
