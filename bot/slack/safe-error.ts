// What of a failed Slack call may go into a log line: the error's code, its message and Slack's own error
// code, no stack. Logged whole, an error carries whatever its producer attached — the Web API client's
// `data` (the whole response), `original` (the cause chain), a listener's own errors — and a reply's text
// (for a private answer, a scanner's connection string) must never ride along into the log.

export interface SafeSlackError {
  message: string;
  code?: string;
  /** Slack's error code from the response (`not_in_channel`, `invalid_blocks`, …). */
  slack?: string;
  /** The underlying failure's message (e.g. `fetch failed: connect ECONNREFUSED …`). */
  cause?: string;
}

export function safeSlackError(error: unknown): SafeSlackError {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, data, original } = error as Error & { code?: unknown; data?: { error?: unknown }; original?: unknown };
  const cause = causeChain(original ?? error.cause);
  return {
    message: error.message,
    ...(cause ? { cause } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof data?.error === 'string' ? { slack: data.error } : {}),
  };
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:443`: the messages of a cause chain, at most three deep. */
function causeChain(cause: unknown): string | undefined {
  const messages: string[] = [];
  for (let c = cause, depth = 0; c instanceof Error && depth < 3; c = c.cause, depth++) messages.push(c.message);
  return messages.length > 0 ? messages.join(': ') : undefined;
}
