// Block Kit's hard limits (https://docs.slack.dev/reference/block-kit). Slack rejects a message that breaks
// any of them (`invalid_blocks`), so the renderer splits or moves content to a file instead.
import { safeCutIndex } from './escape.js';

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  elementsPerActions: 25,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Slack truncates the top-level `text` beyond 40,000; keep the notification fallback short. */
  fallbackText: 3000,
} as const;

/**
 * Splits already-escaped text into chunks of at most `max` characters, preferring line breaks, then spaces,
 * never cutting an entity or a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const hard = safeCutIndex(rest, max);
    const newline = rest.lastIndexOf('\n', hard);
    const space = rest.lastIndexOf(' ', hard);
    const cut = newline > max / 2 ? newline : space > max / 2 ? space : hard;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}
