// Text that came from a scan (banners, product strings, evidence) is hostile: it may carry control
// characters, bidirectional overrides that make text read differently than it is, or megabytes of junk.
// Every report passes such text through here before any format-specific escaping.

/** Evidence and banners in reports people read are cut to this many characters. */
export const EVIDENCE_LIMIT = 500;
/** Any other single text field (titles, remediation, product names). */
export const FIELD_LIMIT = 2_000;

// C0/C1 controls except tab and newline, DEL, bidi embeddings/overrides/isolates, zero-width and BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Removes invisible and control characters, normalises line ends, and caps the length with "…". */
export function cleanText(value: string | null | undefined, limit = FIELD_LIMIT): string {
  if (value === null || value === undefined) return '';
  // Pre-cut huge input (a 10 MB banner) before the regexes; 4× leaves room for stripped characters.
  const raw = String(value);
  const preCut = raw.length > limit * 4;
  const text = (preCut ? raw.slice(0, limit * 4) : raw).replace(/\r\n?/g, '\n').replace(UNSAFE_CHARS, '');
  const capped = capText(text, limit);
  return preCut && !capped.endsWith('…') ? `${capText(capped, limit - 1)}…` : capped;
}

/**
 * Cuts to at most `limit` characters (counting the ellipsis), never splitting a surrogate pair, and at a
 * word boundary when one lies in the second half of the room (so "bind Redis t…" reads "bind Redis …").
 */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  const room = Math.max(0, limit - 1);
  let cut = room;
  for (let i = room; i > Math.floor(room / 2); i -= 1) {
    if (/\s/.test(chars[i] ?? '')) {
      cut = i;
      break;
    }
  }
  return `${chars.slice(0, cut).join('').trimEnd()}…`;
}

/** One line: newlines and tabs become single spaces, runs of spaces collapse; then capped. */
export function oneLine(value: string | null | undefined, limit = FIELD_LIMIT): string {
  return capText(cleanText(value, limit * 2).replace(/\s+/g, ' ').trim(), limit);
}
