// `/scan scanners [add NAME [pool=POOL] | revoke NAME]`: the list (anyone), a new scanner's credential
// (admin; an ephemeral reply: the connection string never reaches a channel, and the audit log records only
// the command), revocation (admin).
import { UserError } from '../../../core/errors.js';
import { scannerAddedReply, scannerRevokedReply, scannersReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const scanners: CommandHandler<'scanners'> = async (args, { actor, deps }) => {
  const action = args.action ?? 'list';
  if (action === 'list') return scannersReply(deps.scanners ? await deps.scanners.list() : (await deps.service.scanners()).map((s) => ({ ...s, failedAuthentications: 0 })));
  if (!args.name) throw new UserError('BAD_INPUT', `Which scanner? e.g. /scan scanners ${action} edge-eu-1`);
  if (!deps.scanners) throw new UserError('BAD_INPUT', `Scanner credentials are managed on the control plane: run \`npx portcullis scanners ${action} ${args.name}\` there.`);
  if (action === 'add') {
    const credential = await deps.scanners.add({ name: args.name, ...(args.pool ? { pool: args.pool } : {}), createdBy: `${actor.platform}:${actor.userId}` });
    return scannerAddedReply(credential);
  }
  return scannerRevokedReply(await deps.scanners.revoke(args.name));
};
