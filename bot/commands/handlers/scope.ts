// `/scan scope list|add CIDR|remove CIDR`
import { scopeChangedReply, scopeListReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const scope: CommandHandler<'scope'> = async (args, { actor, deps }) => {
  if (args.action === 'list' || args.cidr === undefined) return scopeListReply(await deps.service.scopeList());
  if (args.action === 'add') {
    const entry = await deps.service.scopeAdd(actor, args.cidr);
    return scopeChangedReply('add', entry.cidr);
  }
  await deps.service.scopeRemove(actor, args.cidr);
  return scopeChangedReply('remove', args.cidr);
};
