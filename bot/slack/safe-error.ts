// What of a failed Slack call may go into a log line. The Web API client's errors can carry what was
// sent: a request error wraps the HTTP library's error, whose `config.data` is the request body (the
// reply's text: for a private answer, possibly a scanner's connection string). Only the error's code, its
// message and Slack's own error code are kept.

export interface SafeSlackError {
  message: string;
  code?: string;
  /** Slack's error code from the response (`not_in_channel`, `invalid_blocks`, …). */
  slack?: string;
}

export function safeSlackError(error: unknown): SafeSlackError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, data } = error as Error & { code?: unknown; data?: { error?: unknown } };
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof data?.error === 'string' ? { slack: data.error } : {}),
  };
}
