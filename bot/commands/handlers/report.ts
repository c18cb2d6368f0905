// `/scan report ID KIND [format=…]`: builds the report file through the reports port.
import { UserError } from '../../../core/errors.js';
import { reportReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const report: CommandHandler<'report'> = async (args, { deps }) => {
  const summary = await deps.service.show(args.id);
  if (!deps.reports) throw new UserError('INTERNAL', 'Reports are not available in this process. Ask an admin to check the bot set-up.');
  const file = await deps.reports.build(summary.id, args.kind, args.format ?? 'pdf');
  return reportReply(summary.id, args.kind, file);
};
