// `/scan scope list|add CIDR|remove CIDR [confirm=yes]`: a range wider than a /16 (IPv6: /48) is only added
// with confirm=yes, and the refusal says why (scope-width.ts).
import { UserError } from '../../../core/errors.js';
import { scopeChangedReply, scopeListReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';
import { wideScopeReason } from '../scope-width.js';

export const scope: CommandHandler<'scope'> = async (args, { actor, deps }) => {
  if (args.action === 'list' || args.cidr === undefined) return scopeListReply(await deps.service.scopeList());
  if (args.action === 'add') {
    const wide = wideScopeReason(args.cidr);
    if (wide && args.confirm !== 'yes') throw new UserError('BAD_INPUT', wide, { usage: `/scan scope add ${args.cidr} confirm=yes` });
    const entry = await deps.service.scopeAdd(actor, args.cidr);
    return scopeChangedReply('add', entry.cidr, wide);
  }
  await deps.service.scopeRemove(actor, args.cidr);
  return scopeChangedReply('remove', args.cidr);
};
