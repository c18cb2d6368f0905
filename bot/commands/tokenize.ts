// Splits command text into words the way a shell user expects: spaces separate, double or single quotes
// keep spaces (`schedule="0 3 * * *"`, `schedule='0 3 * * *'`), a quote of the other kind inside is text,
// `\"` and `\'` are literal quotes. Slack may send curly quotes; they count too.
import { UserError } from '../../core/errors.js';

export interface Token {
  /** The word with quotes removed. */
  value: string;
  /** `key` of a `key=value` word (lowercased), when the word has that form outside quotes. */
  key?: string;
}

const DOUBLE = new Set(['"', '\u201c', '\u201d']);
const SINGLE = new Set(["'", '\u2018', '\u2019']);
const kindOf = (ch: string): 'double' | 'single' | null => (DOUBLE.has(ch) ? 'double' : SINGLE.has(ch) ? 'single' : null);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let key: string | undefined;
  let inWord = false;
  let quoted: 'double' | 'single' | null = null;
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\' && kindOf(chars[i + 1] ?? '') !== null) {
      current += chars[++i];
      inWord = true;
      continue;
    }
    const quote = kindOf(ch);
    if (quote !== null && (quoted === null || quoted === quote)) {
      quoted = quoted === null ? quote : null;
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
  if (quoted) throw new UserError('BAD_INPUT', `A ${quoted} quote is not closed: put the value in a pair of quotes, e.g. schedule="0 3 * * *" or schedule='0 3 * * *'.`);
  if (inWord || key !== undefined) tokens.push(key === undefined ? { value: current } : { value: current, key });
  return tokens;
}
