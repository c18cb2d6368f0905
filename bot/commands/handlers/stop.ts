// `/scan stop ID`: stops the active run; what was found so far is kept.
import { stoppedReply } from '../../presenters/scan.js';
import type { CommandHandler } from '../handler.js';

export const stop: CommandHandler<'stop'> = async (args, { actor, deps }) => stoppedReply(await deps.service.stop(actor, args.id));
