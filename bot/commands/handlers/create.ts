// `/scan create NAME TARGETS [options]`: stores the scan and submits run 1 (unless only scheduled).
import type { ScanConfigInput } from '../../../core/scans/scan-model.js';
import { createdReply } from '../../presenters/scan.js';
import type { CommandArgs } from '../definitions.js';
import type { CommandHandler } from '../handler.js';

/** The config options shared by create and update, renamed to the service's field names. */
export function configInput(args: CommandArgs['update']): ScanConfigInput {
  const input: ScanConfigInput = {};
  if (args.name !== undefined) input.name = args.name;
  if (args.targets !== undefined) input.targets = args.targets;
  if (args.ports !== undefined) input.ports = args.ports;
  if (args.scanner !== undefined) input.scanner = args.scanner;
  if (args.rate !== undefined) input.rate = args.rate;
  if (args.timeout !== undefined) input.timeoutSeconds = args.timeout;
  if (args['port-timeout'] !== undefined) input.portTimeoutMs = args['port-timeout'];
  if (args.proto !== undefined) input.protocol = args.proto;
  if (args.schedule !== undefined) input.schedule = args.schedule;
  if (args.tz !== undefined) input.timezone = args.tz;
  if (args.from !== undefined) input.pool = args.from;
  return input;
}

export const create: CommandHandler<'create'> = async (args, { actor, deps }) => {
  const { scan, run } = await deps.service.create(actor, { ...configInput({ ...args, id: '' }), name: args.name, targets: args.targets });
  return createdReply(scan, run);
};
