// `/scan help [COMMAND]`
import { helpReply } from '../../presenters/help.js';
import { commandDef } from '../catalog.js';
import type { CommandHandler } from '../handler.js';

export const help: CommandHandler<'help'> = async (args) => helpReply(args.command ? commandDef(args.command) : undefined);
