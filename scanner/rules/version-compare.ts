// Comparing software versions as service detection reports them (`7.2p2 Ubuntu 4ubuntu2.8`, `1.18.0`,
// `5.5.62-0ubuntu0.14.04.1`): the leading dotted numbers decide, the rest is packaging.

/** The leading dotted numbers of a version: `7.2p2 Ubuntu` → [7, 2]; undefined when it has none. */
export function numericVersion(version: string): number[] | undefined {
  const match = /^\s*v?(\d+(?:\.\d+)*)/i.exec(version);
  if (!match?.[1]) return undefined;
  return match[1].split('.').map(Number);
}

/** True when `version` is lower than `bound` (missing parts count as 0). Unreadable versions are not. */
export function isVersionBelow(version: string, bound: string): boolean {
  const a = numericVersion(version);
  const b = numericVersion(bound);
  if (!a || !b) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
