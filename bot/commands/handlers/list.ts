// `/scan list [status=…] [limit=N] [page=N]`: one page of the scans, newest activity first.
import { listReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const list: CommandHandler<'list'> = async (args, { deps }) => {
  const filter = {
    ...(args.status ? { status: args.status } : {}),
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
    ...(args.page !== undefined ? { page: args.page } : {}),
  };
  return listReply(await deps.service.list(filter), filter);
};
