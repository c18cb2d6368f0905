// One vocabulary of errors for the app. A UserError carries text that is safe to show in chat; anything
// else is logged in full and the user sees a short generic message with a reference id to find the log.
import { randomBytes } from 'node:crypto';

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'BAD_INPUT'
  | 'UNKNOWN_COMMAND'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'OUT_OF_SCOPE'
  | 'SUBMIT_FAILED'
  | 'SCANNER'
  | 'INTERNAL';

export class UserError extends Error {
  readonly userSafe = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; usage?: string },
  ) {
    super(message, options);
    this.name = 'UserError';
    this.usage = options?.usage;
  }

  /** The usage line of the command the error is about, shown below the message. */
  readonly usage: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface UserFacingError {
  code: string;
  message: string;
  /** Set when the real cause was hidden from the user and logged under this id. */
  reference?: string;
  usage?: string;
}

function isUserSafe(error: unknown): error is Error & { code: string; userSafe: true; usage?: string } {
  return error instanceof Error && (error as { userSafe?: unknown }).userSafe === true;
}

/**
 * Turns anything thrown into what a user may see. Errors not marked user-safe get a reference id; the
 * caller logs the original under that id.
 */
export function toUserFacing(error: unknown): UserFacingError {
  if (isUserSafe(error)) {
    return { code: error.code, message: error.message, ...(error.usage ? { usage: error.usage } : {}) };
  }
  const reference = `ERR-${randomBytes(4).toString('hex')}`;
  return { code: 'INTERNAL', message: `Something went wrong on our side (reference ${reference}). An admin can find the details in the logs.`, reference };
}
