// `/scan role grant USER viewer|operator|admin`: admins grant roles from chat. USER is a mention or id of
// the platform the command came from, or `slack:ID` / `discord:ID`. The reply always names the platform
// (`slack:U2 is now a viewer`) and says when it was assumed. From the console a bare id is refused: console
// users are admins anyway, so `console:U2` is never what was meant — the admin names the chat platform.
import { UserError } from '../../../core/errors.js';
import type { Platform } from '../../../core/scans/scan-model.js';
import { roleGrantedReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export function splitUser(user: string, fallback: Platform): { platform: Platform; userId: string; assumed: boolean } {
  const match = /^(slack|discord|console):(.+)$/i.exec(user);
  return match ? { platform: match[1]!.toLowerCase() as Platform, userId: match[2]!, assumed: false } : { platform: fallback, userId: user, assumed: true };
}

export const role: CommandHandler<'role'> = async (args, { actor, deps }) => {
  const target = splitUser(args.user, actor.platform);
  if (target.assumed && actor.platform === 'console') {
    throw new UserError('BAD_INPUT', `Say which platform ${target.userId} is on: /scan role grant slack:${target.userId} ${args.role} or /scan role grant discord:${target.userId} ${args.role} (console users are always admins).`, {
      usage: '/scan role grant slack:ID|discord:ID viewer|operator|admin',
    });
  }
  await deps.service.grantRole(actor, target.platform, target.userId, args.role);
  return roleGrantedReply(`${target.platform}:${target.userId}`, args.role, target.assumed ? target.platform : null);
};
