// `/scan notify alerts|reports|all [off]`: routes notifications to the channel the command came from.
import { notifyReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const notify: CommandHandler<'notify'> = async (args, { actor, deps }) => {
  const enabled = args.state !== 'off';
  await deps.service.subscribe(actor, args.kind, enabled);
  return notifyReply(args.kind, enabled, actor.channelId);
};
