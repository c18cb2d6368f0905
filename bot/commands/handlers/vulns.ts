// `/scan vulns ID [min=…] [run=N] [kev=only]`: the current findings of the latest completed run (or of run N)
// — the set show, list and the reports count — most severe first, each with its known CVEs; the reply names
// that run.
import { vulnsReply } from '../../presenters/findings.js';
import type { CommandHandler } from '../handler.js';

export const vulns: CommandHandler<'vulns'> = async (args, { deps }) => {
  const findings = await deps.service.vulns(args.id, { ...(args.min ? { min: args.min } : {}), ...(args.run ? { run: args.run } : {}) });
  const run = args.run ?? (await deps.service.show(args.id)).resultsRun ?? null;
  const cves = deps.vulnerabilities ? await deps.vulnerabilities.cvesOfScan(args.id, args.run) : new Map();
  return vulnsReply(args.id, findings, args.min, run, { cves, kevOnly: args.kev === 'only' });
};
