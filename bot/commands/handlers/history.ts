// `/scan history ID`
import { historyReply } from '../../presenters/runs.js';
import type { CommandHandler } from '../handler.js';

export const history: CommandHandler<'history'> = async (args, { deps }) => historyReply(args.id, await deps.service.history(args.id));
