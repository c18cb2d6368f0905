// `/scan errors ID`
import { errorsReply } from '../../presenters/runs.js';
import type { CommandHandler } from '../handler.js';

export const errors: CommandHandler<'errors'> = async (args, { deps }) => errorsReply(args.id, await deps.service.errors(args.id));
