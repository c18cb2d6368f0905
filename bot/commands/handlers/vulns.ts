// `/scan vulns ID [min=…] [run=N] [kev=only]`: findings most severe first, each with its known CVEs.
import { vulnsReply } from '../../presenters/findings.js';
import type { CommandHandler } from '../handler.js';

export const vulns: CommandHandler<'vulns'> = async (args, { deps }) => {
  const findings = await deps.service.vulns(args.id, { ...(args.min ? { min: args.min } : {}), ...(args.run ? { run: args.run } : {}) });
  const cves = deps.vulnerabilities ? await deps.vulnerabilities.cvesOfScan(args.id, args.run) : new Map();
  return vulnsReply(args.id, findings, args.min, { cves, kevOnly: args.kev === 'only' });
};
