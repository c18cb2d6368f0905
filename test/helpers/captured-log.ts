// A real pino logger whose JSON lines are kept in memory, so a test can assert what reached the log (and
// what never did: a private reply's text, a password) at the most talkative level.
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  logger: Logger;
  lines: string[];
  /** Everything logged so far, one JSON object a line. */
  text(): string;
}

export function captureLog(level = 'trace'): CapturedLog {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => { lines.push(line); } });
  return { logger, lines, text: () => lines.join('') };
}
