// `/scan role grant USER viewer|operator|admin`: admins grant roles from chat. USER is a user of the
// platform the command came from, or `slack:ID` / `discord:ID` (so a console admin can grant chat roles).
import type { Platform } from '../../../core/scans/scan-model.js';
import { roleGrantedReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export function splitUser(user: string, fallback: Platform): { platform: Platform; userId: string } {
  const match = /^(slack|discord|console):(.+)$/i.exec(user);
  return match ? { platform: match[1]!.toLowerCase() as Platform, userId: match[2]! } : { platform: fallback, userId: user };
}

export const role: CommandHandler<'role'> = async (args, { actor, deps }) => {
  const target = splitUser(args.user, actor.platform);
  await deps.service.grantRole(actor, target.platform, target.userId, args.role);
  return roleGrantedReply(target.platform === actor.platform ? target.userId : `${target.platform}:${target.userId}`, args.role);
};
