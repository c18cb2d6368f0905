// `/scan logs ID [run=N] [level=…]`
import { logsReply } from '../../presenters/runs.js';
import type { CommandHandler } from '../handler.js';

export const logs: CommandHandler<'logs'> = async (args, { deps }) => {
  const { run, lines } = await deps.service.logs(args.id, { ...(args.run ? { run: args.run } : {}), ...(args.level ? { level: args.level } : {}) });
  return logsReply(args.id, run, lines, args.level);
};
