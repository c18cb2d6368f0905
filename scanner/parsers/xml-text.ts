// Minimal, safe XML text handling for the nmap hot path: reading one tag's attributes and decoding the five
// predefined entities and character references. Nothing else is ever expanded: an `&lol9;` or an external
// entity stays literal text, so a billion-laughs or XXE document cannot grow or reach the file system.

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;

function codePointText(code: number, original: string): string {
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : original;
}

/** Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#NN;` `&#xNN;`; any other `&name;` is left as it is. */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf('&') === -1) return raw;
  return raw.replace(REFERENCE, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return PREDEFINED[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return codePointText(code, whole);
  });
}

export interface TagAttributes {
  attrs: Record<string, string>;
  /** Index just past the tag's closing `>`. */
  end: number;
  selfClosing: boolean;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Reads the attributes of the tag starting at `xml[start] === '<'`, decoded. Returns null when the tag is
 * not well formed (unterminated, attribute without a quoted value): the caller then uses the full parser.
 */
export function readTagAttributes(xml: string, start: number): TagAttributes | null {
  const attrs: Record<string, string> = {};
  let at = start + 1;
  while (at < xml.length && !isSpace(xml.charCodeAt(at)) && xml[at] !== '>' && xml[at] !== '/') at++;
  for (;;) {
    while (at < xml.length && isSpace(xml.charCodeAt(at))) at++;
    if (at >= xml.length) return null;
    const c = xml[at];
    if (c === '>') return { attrs, end: at + 1, selfClosing: false };
    if (c === '/') return xml[at + 1] === '>' ? { attrs, end: at + 2, selfClosing: true } : null;
    const eq = xml.indexOf('=', at);
    if (eq <= at) return null;
    const space = xml.indexOf(' ', at);
    const angle = xml.indexOf('<', at);
    if ((space !== -1 && space < eq) || (angle !== -1 && angle < eq)) return null;
    const quote = xml.charCodeAt(eq + 1);
    if (quote !== 34 && quote !== 39) return null;
    const close = xml.indexOf(quote === 34 ? '"' : "'", eq + 2);
    if (close === -1) return null;
    attrs[xml.slice(at, eq)] = decodeXmlText(xml.slice(eq + 2, close));
    at = close + 1;
  }
}
