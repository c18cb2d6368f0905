// Scan output is hostile: a banner or hostname can carry `<!channel>`, `<@U123>`, `<http://evil|click>` or a
// literal `@everyone`. Everything a renderer puts into mrkdwn passes through here, so such text can never
// ping a channel, mention a user or become a link, and cannot break out of a code block.

/** Zero-width space: breaks `@channel` into something Slack does not treat as a mention. */
const ZWSP = '\u200B';

/** Slack's control characters (https://docs.slack.dev/messaging/formatting-message-text#escaping). */
export function escapeControlChars(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Literal broadcast words that some clients and integrations still turn into pings. */
export function breakBroadcastMentions(text: string): string {
  return text.replace(/([@＠])(channel|here|everyone)\b/gi, `$1${ZWSP}$2`);
}

/** mrkdwn-safe text: control characters escaped and broadcast words broken. */
export function escapeMrkdwn(text: string): string {
  return breakBroadcastMentions(escapeControlChars(text));
}

/** For text inside a ``` block: also neutralise backtick runs that would close the block early. */
export function escapeCodeBlock(text: string): string {
  return escapeMrkdwn(text).replace(/`/g, 'ˋ');
}

/** plain_text objects are not parsed for links or mentions, but broadcast words are still broken. */
export function escapePlainText(text: string): string {
  return breakBroadcastMentions(text);
}

/**
 * Cuts escaped text to at most `max` characters without splitting an entity (`&amp;`) or a surrogate pair,
 * ending with `…` when something was cut.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = safeCutIndex(text, max - 1);
  if (cut < 0) cut = 0;
  return `${text.slice(0, cut)}…`;
}

/** The largest index ≤ `at` where the text may be cut (not inside `&…;` nor a surrogate pair). */
export function safeCutIndex(text: string, at: number): number {
  let cut = Math.min(at, text.length);
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 6) {
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi >= cut) cut = amp;
  }
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}
