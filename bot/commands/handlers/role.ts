// `/scan role grant USER viewer|operator|admin`: admins grant roles from chat, on the same platform.
import { roleGrantedReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const role: CommandHandler<'role'> = async (args, { actor, deps }) => {
  await deps.service.grantRole(actor, actor.platform, args.user, args.role);
  return roleGrantedReply(args.user, args.role);
};
