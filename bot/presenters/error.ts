// Replies for refused, denied and failed commands: a short, specific message, the usage line when it
// helps, never a stack trace. Always ephemeral and marked failed (the CLI exits non-zero).
import type { UserFacingError } from '../../core/errors.js';
import type { Actor, Role } from '../../core/scans/scan-model.js';
import type { CommandName } from '../commands/definitions.js';
import type { Reply } from '../commands/reply.js';

const HEADLINE: Record<string, string> = {
  BAD_INPUT: 'That command is not quite right',
  UNKNOWN_COMMAND: 'Unknown command',
  NOT_FOUND: 'Not found',
  FORBIDDEN: 'Not allowed',
  CONFLICT: 'Conflict',
  ILLEGAL_TRANSITION: 'Not possible right now',
  OUT_OF_SCOPE: 'Target out of scope',
  SUBMIT_FAILED: 'Could not queue the run',
  SCANNER: 'Scanner problem',
  INTERNAL: 'Something went wrong',
};

export function errorReply(error: UserFacingError): Reply {
  const text = [error.message];
  if (error.usage) text.push(`Usage: \`${error.usage}\``);
  return { title: HEADLINE[error.code] ?? 'Refused', tone: 'error', text, ephemeral: true, failed: true, data: { error: error.code, message: error.message, ...(error.reference ? { reference: error.reference } : {}) } };
}

export function deniedReply(command: CommandName, needs: Role, has: Role | null, actor: Actor): Reply {
  const yours = has ? `you are ${has === 'admin' ? 'an' : 'a'} ${has}` : 'you have no role yet';
  return {
    title: 'Permission needed',
    tone: 'error',
    text: [
      `\`/scan ${command}\` needs the *${needs}* role; ${yours}.`,
      `An admin can grant it with \`/scan role grant ${actor.userId} ${needs}\`.`,
    ],
    ephemeral: true,
    failed: true,
    data: { error: 'FORBIDDEN', needs, has },
  };
}
