// Splits command text into words the way a shell user expects: spaces separate, double quotes keep
// spaces (`schedule="0 3 * * *"`), `\"` is a literal quote. Slack may send curly quotes; they count too.
import { UserError } from '../../core/errors.js';

export interface Token {
  /** The word with quotes removed. */
  value: string;
  /** `key` of a `key=value` word (lowercased), when the word has that form outside quotes. */
  key?: string;
}

const QUOTES = new Set(['"', '\u201c', '\u201d']);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let key: string | undefined;
  let inWord = false;
  let quoted = false;
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\' && QUOTES.has(chars[i + 1] ?? '')) {
      current += chars[++i];
      inWord = true;
      continue;
    }
    if (QUOTES.has(ch)) {
      quoted = !quoted;
      inWord = true;
      continue;
    }
    if (!quoted && /\s/.test(ch)) {
      if (inWord) tokens.push(key === undefined ? { value: current } : { value: current, key });
      current = '';
      key = undefined;
      inWord = false;
      continue;
    }
    if (!quoted && ch === '=' && key === undefined && current.length > 0 && /^[A-Za-z][A-Za-z0-9_-]*$/.test(current)) {
      key = current.toLowerCase();
      current = '';
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (quoted) throw new UserError('BAD_INPUT', 'A double quote is not closed: put the value in a pair of quotes, e.g. schedule="0 3 * * *".');
  if (inWord || key !== undefined) tokens.push(key === undefined ? { value: current } : { value: current, key });
  return tokens;
}
