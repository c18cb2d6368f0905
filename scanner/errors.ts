// Coded errors of the scan engine. Messages are written for the person who typed the command: they say
// what went wrong and what to do, and never contain a stack trace. scanner/ imports nothing of the app.

export type ScannerErrorCode =
  | 'TARGET_INVALID'
  | 'TARGET_REFUSED'
  | 'TARGETS_TOO_LARGE'
  | 'PORT_SPEC_INVALID'
  | 'OPTION_INVALID'
  | 'TOOL_MISSING'
  | 'PERMISSION_DENIED'
  | 'TOOL_FAILED'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'PARSE_ERROR';

export class ScannerError extends Error {
  /** Safe to show to a chat user as it is. */
  readonly userSafe = true;

  constructor(
    readonly code: ScannerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ScannerError';
  }
}

export function isScannerError(error: unknown): error is ScannerError {
  return error instanceof ScannerError;
}
