// CPE names: nmap reports CPE 2.2 URIs (`cpe:/a:openbsd:openssh:8.9p1`), NVD uses CPE 2.3 formatted
// strings (`cpe:2.3:a:openbsd:openssh:8.9:p1:*:*:*:*:*:*`). Both become a Cpe with the parts matching
// needs. `*` is ANY, `-` is NA (not applicable), as in the CPE naming specification.

export type CpePart = 'a' | 'o' | 'h';

export interface Cpe {
  part: CpePart;
  vendor: string;
  product: string;
  /** `*` when any, `-` when not applicable. */
  version: string;
  update: string;
  /** target_sw (CPE 2.3 field 10): the platform software, e.g. `windows`. */
  targetSw: string;
}

export const ANY = '*';
export const NA = '-';

function part(text: string | undefined): CpePart | undefined {
  return text === 'a' || text === 'o' || text === 'h' ? text : undefined;
}

/** CPE 2.3 keeps `\` escapes (`1.0\:beta`); matching compares unescaped values. */
function unescape23(value: string): string {
  return value.includes('\\') ? value.replace(/\\(.)/g, '$1') : value;
}

/** Splits a 2.3 formatted string at unescaped colons. */
function split23(text: string): string[] {
  if (!text.includes('\\')) return text.split(':');
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === ':') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

/** A CPE 2.3 formatted string; undefined when it is not one. */
export function parseCpe23(text: string): Cpe | undefined {
  const f = split23(text.trim());
  if (f.length !== 13 || f[0] !== 'cpe' || f[1] !== '2.3') return undefined;
  const p = part(f[2]);
  if (!p || !f[3] || !f[4]) return undefined;
  const value = (i: number) => unescape23(f[i] ?? ANY).toLowerCase() || ANY;
  return { part: p, vendor: value(3), product: value(4), version: value(5), update: value(6), targetSw: value(10) };
}

/** A CPE 2.2 URI as nmap writes it; undefined when it is not one. Missing fields are ANY. */
export function parseCpe22(text: string): Cpe | undefined {
  const match = /^cpe:\/([aoh])(?::([^:]*))?(?::([^:]*))?(?::([^:]*))?(?::([^:]*))?/i.exec(text.trim());
  if (!match) return undefined;
  const p = part(match[1]?.toLowerCase());
  const field = (i: number) => {
    const raw = match[i];
    if (raw === undefined || raw === '') return ANY;
    try {
      return decodeURIComponent(raw).toLowerCase();
    } catch {
      return raw.toLowerCase();
    }
  };
  if (!p || field(2) === ANY || field(3) === ANY) return undefined;
  return { part: p, vendor: field(2), product: field(3), version: field(4), update: field(5), targetSw: ANY };
}

/** Either notation. */
export function parseCpe(text: string): Cpe | undefined {
  return text.startsWith('cpe:2.3:') ? parseCpe23(text) : parseCpe22(text);
}

const escape23 = (value: string) => (value === ANY || value === NA ? value : value.replace(/([^a-z0-9._-])/gi, '\\$1'));

/** The CPE 2.3 formatted string of a Cpe. */
export function formatCpe23(cpe: Cpe): string {
  const fields = [cpe.vendor, cpe.product, cpe.version, cpe.update, ANY, ANY, ANY, cpe.targetSw, ANY, ANY].map(escape23);
  return ['cpe', '2.3', cpe.part, ...fields].join(':');
}

/** `vendor:product`, the key the store indexes records by. */
export function productKey(cpe: Pick<Cpe, 'vendor' | 'product'>): string {
  return `${cpe.vendor}:${cpe.product}`;
}

/**
 * Splits a detected version into NVD's version and update fields: `8.9p1` → 8.9 / p1, `1.3.3c` → 1.3.3 / c,
 * `2.4.49` → 2.4.49 / ANY. NVD files OpenSSH's portable patch level and ProFTPD's letter releases as the
 * update; a version without one matches any update.
 */
export function splitUpdate(version: string): { version: string; update: string } {
  const match = /^(\d+(?:\.\d+)*)([a-z]+\d*)$/i.exec(version);
  if (!match?.[1] || !match[2]) return { version, update: ANY };
  return { version: match[1], update: match[2].toLowerCase() };
}
