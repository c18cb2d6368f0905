// Bolt, the Web API client and the Socket Mode client each log through @slack/logger's interface; this
// routes them into the app's pino logger so Slack's messages land in the same JSON log as everything else.
// At debug level the Web API client logs every request body it sends: that is a reply's text, and a private
// (ephemeral) reply can hold a scanner's connection string, so those lines keep only their length.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

function text(msg: unknown[]): string {
  return msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
}

/** `http request body: {…}` (WebClient, debug) → the size only: request bodies are reply text. */
export function withoutRequestBody(line: string): string {
  const match = /^http request body: /.exec(line);
  return match ? `http request body: (${line.length - match[0].length} characters, not logged)` : line;
}

export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(withoutRequestBody(text(msg))),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: LogLevel) => { level = next; },
    getLevel: () => level,
    setName: (name: string) => { child = logger.child({ component: name }); },
  };
}
