// `/scan update ID key=value…`: changes the stored configuration.
import { UserError } from '../../../core/errors.js';
import { updatedReply } from '../../presenters/scan.js';
import { commandDef, usageOf } from '../catalog.js';
import type { CommandHandler } from '../handler.js';
import { configInput } from './create.js';

export const update: CommandHandler<'update'> = async (args, { actor, deps }) => {
  const changes = configInput(args);
  const changed = Object.keys(args).filter((k) => k !== 'id');
  if (changed.length === 0) {
    throw new UserError('BAD_INPUT', 'Nothing to change: give at least one key=value, e.g. ports=80,443.', { usage: usageOf(commandDef('update')) });
  }
  return updatedReply(await deps.service.update(actor, args.id, changes), changed);
};
