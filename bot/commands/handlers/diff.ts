// `/scan diff ID [run=N]`
import { diffReply } from '../../presenters/findings.js';
import type { CommandHandler } from '../handler.js';

export const diff: CommandHandler<'diff'> = async (args, { deps }) => diffReply(await deps.service.diff(args.id, args.run ? { run: args.run } : undefined));
