// What of a failed Discord call may go into a log line. discord.js's DiscordAPIError carries the request
// body it sent (`requestBody.json`: the embeds, i.e. the reply's text), so logging the error object as it is
// would write a private answer — a scanner's connection string — to the log. Only the method, the route,
// the status and Discord's own error code and message are kept.
import type { DiscordAPIError, HTTPError } from 'discord.js';

export interface SafeError {
  message: string;
  status?: number;
  code?: number | string;
  method?: string;
  /** The route without its interaction token. */
  route?: string;
}

/** Interaction and webhook tokens are bearer secrets too: `/webhooks/<app>/<token>/…` → `/webhooks/<app>/***`. */
function withoutToken(url: string): string {
  return url.replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/?]+/g, '/$1/***');
}

/**
 * By shape, not instanceof: discord.js and the notifier's REST may load different copies of @discordjs/rest.
 */
export function isDiscordApiError(error: unknown): error is DiscordAPIError {
  return error instanceof Error && error.name.startsWith('DiscordAPIError') && 'code' in error && 'url' in error;
}

function isHttpError(error: unknown): error is HTTPError {
  return error instanceof Error && error.name === 'HTTPError' && 'status' in error && 'url' in error;
}

export function safeError(error: unknown): SafeError {
  if (isDiscordApiError(error)) {
    return { message: error.message, status: error.status, code: error.code, method: error.method, route: withoutToken(error.url) };
  }
  if (isHttpError(error)) {
    return { message: error.message, status: error.status, method: error.method, route: withoutToken(error.url) };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
