// Terminal text safety and width: scan-derived text (banners) may carry escape sequences that would
// rewrite the operator's terminal, so control characters are removed; emoji count as two columns so
// tables stay aligned.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal control characters (keeps newline and tab). */
export function sanitize(text: string): string {
  return text.replace(CONTROL, '');
}

/** Display width in terminal columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (/[\uFE00-\uFE0F\u200d]/u.test(ch)) continue;
    width += /\p{Extended_Pictographic}|[\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60]/u.test(ch) ? 2 : 1;
  }
  return width;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Cuts a cell to at most `max` columns with an ellipsis. */
export function clipCell(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
