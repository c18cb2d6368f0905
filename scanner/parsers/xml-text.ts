// Minimal, safe XML text handling for the nmap hot path: a cursor over one tag's attributes that builds no
// objects, and decoding of the five predefined entities and character references. Nothing else is ever
// expanded: an `&lol9;` or an external entity stays literal text, so a billion-laughs or XXE document cannot
// grow or reach the file system.

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

/** Space, tab, CR, LF: what separates a tag name from its attributes. */
export function isXmlSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Characters that may be whitespace to String.prototype.trim (ASCII controls and space, or non-ASCII). */
function mayBeTrimmed(code: number): boolean {
  return code <= 32 || code >= 0xa0;
}

export const ATTRIBUTE = 1;
export const TAG_END = 0;
export const MALFORMED = -1;

/**
 * Reads the attributes of one tag in place: `nextAttribute()` moves to the next one and the name and value
 * bounds are fields, so skipping a tag or an attribute costs no allocation. Anything not plainly well formed
 * (unquoted value, spaces around `=`, unterminated tag) is MALFORMED: the caller then uses the full parser.
 */
export class XmlTagCursor {
  text = '';
  /** Nothing of the tag may reach this index (the end of the element being read). */
  limit = 0;
  /** Index just past the tag's `>` once nextAttribute() returned TAG_END; before that, the read position. */
  at = 0;
  selfClosing = false;
  nameStart = 0;
  nameEnd = 0;
  valueStart = 0;
  valueEnd = 0;

  /** Starts on the tag whose name ends at `nameEnd` (the first attribute or the end of the tag is next). */
  startTag(text: string, nameEnd: number, limit: number): void {
    this.text = text;
    this.at = nameEnd;
    this.limit = limit;
  }

  nextAttribute(): number {
    const text = this.text;
    let at = this.at;
    let code = text.charCodeAt(at);
    const spaced = isXmlSpace(code);
    while (isXmlSpace(code)) code = text.charCodeAt(++at);
    if (at >= this.limit) return MALFORMED;
    if (code === 62) return this.endTag(at + 1, false);
    if (code === 47) return text.charCodeAt(at + 1) === 62 && at + 2 <= this.limit ? this.endTag(at + 2, true) : MALFORMED;
    if (!spaced) return MALFORMED;
    const nameStart = at;
    while (code !== 61) {
      if (at >= this.limit || isXmlSpace(code) || code === 62 || code === 60 || code === 47 || code === 34 || code === 39) return MALFORMED;
      code = text.charCodeAt(++at);
    }
    const quote = text.charCodeAt(at + 1);
    if (at === nameStart || (quote !== 34 && quote !== 39)) return MALFORMED;
    const close = text.indexOf(quote === 34 ? '"' : "'", at + 2);
    if (close === -1 || close >= this.limit) return MALFORMED;
    this.nameStart = nameStart;
    this.nameEnd = at;
    this.valueStart = at + 2;
    this.valueEnd = close;
    this.at = close + 1;
    return ATTRIBUTE;
  }

  private endTag(at: number, selfClosing: boolean): number {
    this.at = at;
    this.selfClosing = selfClosing;
    return TAG_END;
  }

  /** Reads past the remaining attributes; false when the tag is malformed. */
  skipAttributes(): boolean {
    for (;;) {
      const step = this.nextAttribute();
      if (step !== ATTRIBUTE) return step === TAG_END;
    }
  }

  /** Length of the current attribute's name: callers switch on it before comparing names. */
  nameLength(): number {
    return this.nameEnd - this.nameStart;
  }

  /** The current attribute's name is `name`. */
  nameIs(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && this.text.startsWith(name, this.nameStart);
  }

  /** The current attribute's name is one of `names` (for the few tags whose attributes could collide). */
  nameIn(names: ReadonlySet<string>): boolean {
    return names.has(this.text.slice(this.nameStart, this.nameEnd));
  }

  /** The current attribute's value as fast-xml-parser gives it (trimmed), with references decoded. */
  value(): string {
    const text = this.text;
    const raw = text.slice(this.valueStart, this.valueEnd);
    const edges = raw.length > 0 && (mayBeTrimmed(raw.charCodeAt(0)) || mayBeTrimmed(raw.charCodeAt(raw.length - 1)));
    return decodeXmlText(edges ? raw.trim() : raw);
  }
}
