// `/scan scanners`
import { scannersReply } from '../../presenters/admin.js';
import type { CommandHandler } from '../handler.js';

export const scanners: CommandHandler<'scanners'> = async (_args, { deps }) => scannersReply(await deps.service.scanners());
