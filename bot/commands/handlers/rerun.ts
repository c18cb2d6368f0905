// `/scan rerun ID`: a new run with the stored configuration.
import { rerunReply } from '../../presenters/scan.js';
import type { CommandHandler } from '../handler.js';

export const rerun: CommandHandler<'rerun'> = async (args, { actor, deps }) => rerunReply(await deps.service.rerun(actor, args.id));
