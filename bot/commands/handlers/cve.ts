// `/scan cve CVE-ID`: across all scans, the hosts and ports running a version affected by the CVE.
import { UserError } from '../../../core/errors.js';
import { cveReply } from '../../presenters/vulnerabilities.js';
import type { CommandHandler } from '../handler.js';

export const cve: CommandHandler<'cve'> = async (args, { deps }) => {
  if (!deps.vulnerabilities) throw new UserError('INTERNAL', 'The vulnerability store is not available in this process.');
  const [ports, known] = await Promise.all([deps.vulnerabilities.affectedBy([args.cve]), deps.vulnerabilities.describe([args.cve])]);
  return cveReply(args.cve, ports, known.length > 0);
};
