// `/scan list [status=…]`
import { listReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const list: CommandHandler<'list'> = async (args, { deps }) => {
  const scans = await deps.service.list(args.status ? { status: args.status } : undefined);
  return listReply(scans, args.status);
};
