// Coded errors of the database layer. db/ imports nothing of the app, so core maps these to UserErrors.
export type DbErrorCode = 'MIGRATION_FAILED' | 'BAD_URL' | 'UNREACHABLE';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DbError';
  }
}

/** PostgreSQL error code of a driver error (e.g. '23505' unique violation), if any. */
export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Name of the constraint a driver error is about, if any. */
export function pgConstraint(error: unknown): string | undefined {
  const name = (error as { constraint?: unknown } | null)?.constraint;
  return typeof name === 'string' ? name : undefined;
}
