// `/scan vulns ID [min=…] [run=N]`
import { vulnsReply } from '../../presenters/findings.js';
import type { CommandHandler } from '../handler.js';

export const vulns: CommandHandler<'vulns'> = async (args, { deps }) => {
  const findings = await deps.service.vulns(args.id, { ...(args.min ? { min: args.min } : {}), ...(args.run ? { run: args.run } : {}) });
  return vulnsReply(args.id, findings, args.min);
};
