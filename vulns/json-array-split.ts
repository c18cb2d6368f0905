// Finds the elements of one array in a JSON document without parsing it: an NVD API page is 30 MB of
// JSON whose "vulnerabilities" array holds 2,000 records. Parsed whole, the page's objects all live until
// the last record is read, and every young collection copies them (measured: collections cost more than
// the parse); its 30 MB text is a fresh allocation of its own. Split first, each record is parsed from a
// small string of its own and is garbage as soon as its row is made. This only locates bytes: each
// element is still checked by JSON.parse, and the rest of the document (the skeleton, the array emptied)
// too, so a malformed document is refused exactly as JSON.parse refuses it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** What each byte is to the scan: most are OTHER (inside a value) or SPACE. */
const SPACE = 0;
const OTHER = 1;
const STRING = 2;
const OPEN = 3;
const CLOSE = 4;
const SEPARATOR = 5;
const CLASS = new Uint8Array(256).fill(OTHER);
for (const b of [0x20, 0x0a, 0x0d, 0x09]) CLASS[b] = SPACE;
CLASS[QUOTE] = STRING;
CLASS[OPEN_OBJECT] = OPEN;
CLASS[OPEN_ARRAY] = OPEN;
CLASS[CLOSE_OBJECT] = CLOSE;
CLASS[CLOSE_ARRAY] = CLOSE;
CLASS[COMMA] = SEPARATOR;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export interface ArraySplit {
  /** The document with the array emptied (`[]`), to be parsed for the other fields. */
  skeleton: Uint8Array[];
  /** [start, end) of each element, in order. */
  elements: Array<[number, number]>;
}

/** Where the string that opens at `i` (a quote) ends: the index after its closing quote, or -1. */
function stringEnd(bytes: Uint8Array, i: number): number {
  let at = i + 1;
  for (;;) {
    const q = bytes.indexOf(QUOTE, at);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k > i && bytes[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    at = q + 1;
  }
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

function sameBytes(bytes: Uint8Array, start: number, key: Uint8Array): boolean {
  for (let k = 0; k < key.length; k++) if (bytes[start + k] !== key[k]) return false;
  return true;
}

/**
 * The elements of the array that is the value of `key` in the top-level object of `bytes`, or null when
 * the document is not such an object (or its structure does not balance): the caller then parses it whole.
 */
export function splitTopLevelArray(bytes: Uint8Array, key: string): ArraySplit | null {
  const quotedKey = new TextEncoder().encode(JSON.stringify(key));
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_OBJECT) return null;
  let depth = 0;
  // The array's '[' and ']' once found; elements are recorded at depth 2 inside it.
  let arrayOpen = -1;
  let arrayClose = -1;
  let elementStart = -1;
  const elements: Array<[number, number]> = [];
  const n = bytes.length;
  while (i < n) {
    const c = CLASS[bytes[i]!]!;
    // Whitespace, the most of a pretty-printed document outside its strings.
    if (c === SPACE) {
      i++;
      continue;
    }
    const inArray = depth === 2 && arrayOpen >= 0 && arrayClose < 0;
    if (c === STRING) {
      const end = stringEnd(bytes, i);
      if (end < 0) return null;
      if (depth === 1 && arrayOpen < 0 && end - i === quotedKey.length && sameBytes(bytes, i, quotedKey)) {
        const colon = skipSpace(bytes, end);
        const value = skipSpace(bytes, colon + 1);
        if (bytes[colon] === COLON && bytes[value] === OPEN_ARRAY) {
          arrayOpen = value;
          depth = 2;
          i = value + 1;
          continue;
        }
      }
      if (inArray && elementStart < 0) elementStart = i;
      i = end;
      continue;
    }
    if (c === OPEN) {
      if (inArray && elementStart < 0) elementStart = i;
      depth++;
    } else if (c === CLOSE) {
      if (inArray) {
        if (bytes[i] !== CLOSE_ARRAY) return null;
        if (elementStart >= 0) elements.push([elementStart, trimEnd(bytes, elementStart, i)]);
        elementStart = -1;
        arrayClose = i;
      }
      depth--;
      if (depth < 0) return null;
    } else if (c === SEPARATOR && inArray) {
      // An empty element (`[,` or `,,`) is kept as one: JSON.parse refuses it.
      elements.push([elementStart < 0 ? i : elementStart, elementStart < 0 ? i : trimEnd(bytes, elementStart, i)]);
      elementStart = -1;
    } else if (inArray && elementStart < 0 && c === OTHER) {
      elementStart = i; // a number, true, false or null
    }
    i++;
  }
  if (depth !== 0 || arrayOpen < 0 || arrayClose < 0) return null;
  return { skeleton: [bytes.subarray(0, arrayOpen + 1), bytes.subarray(arrayClose)], elements };
}

function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && isSpace(bytes[end - 1]!)) end--;
  return end;
}
