// `/scan vulndb`: what vulnerability data is loaded (NVD records, KEV catalog version) and when.
import { UserError } from '../../../core/errors.js';
import { vulndbReply } from '../../presenters/vulnerabilities.js';
import type { CommandHandler } from '../handler.js';

export const vulndb: CommandHandler<'vulndb'> = async (_args, { deps }) => {
  if (!deps.vulnerabilities) throw new UserError('INTERNAL', 'The vulnerability store is not available in this process.');
  return vulndbReply(await deps.vulnerabilities.status());
};
