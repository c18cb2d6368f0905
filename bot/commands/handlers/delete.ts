// `/scan delete ID`: asks first (a confirm button); `delete ID confirm=yes` (what the button sends) deletes.
import { deleteConfirmReply, deletedReply } from '../../presenters/scan.js';
import type { CommandHandler } from '../handler.js';

export const remove: CommandHandler<'delete'> = async (args, { actor, deps }) => {
  if (args.confirm !== 'yes') {
    const summary = await deps.service.show(args.id);
    return deleteConfirmReply(summary.id, summary.name);
  }
  await deps.service.delete(actor, args.id);
  return deletedReply(args.id);
};
