// Ordering software versions the way their projects number them, for NVD's versionStart/End bounds:
// `8.9p1 < 9.8p1` (OpenSSH portable), `2.4.49 < 2.4.50`, `1.3.3 < 1.3.3c` (ProFTPD letter releases),
// `1.3.3rc4 < 1.3.3`, `4.92.3`, `7.0.15`. A version is split into runs of digits and of letters; digits
// compare as numbers, letters as words, and a few words (rc, beta, alpha, pre, dev) mark pre-releases
// that sort before the release they lead to.

type Token = number | string;

const PRE_RELEASE = /^(?:alpha|a|beta|b|rc|pre|preview|dev|snapshot|m)$/;

/** The tokens of a version: `8.9p1` → [8, 9, 'p', 1]; `1.3.3rc4` → [1, 3, 3, 'rc', 4]. */
export function versionTokens(version: string): Token[] {
  const tokens: Token[] = [];
  const re = /(\d+)|([a-z]+)/gi;
  for (let m = re.exec(version); m !== null; m = re.exec(version)) {
    tokens.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? '').toLowerCase());
  }
  return tokens;
}

/** A letter word right after digits that starts a pre-release (`rc`, `beta`), as opposed to `p1` or `c`. */
function isPreRelease(token: Token | undefined, next: Token | undefined): boolean {
  if (typeof token !== 'string') return false;
  // `a`/`b` alone are ProFTPD's post-releases (1.3.2a); they are pre-releases only when a number follows (1.0a1).
  if (token === 'a' || token === 'b' || token === 'm') return typeof next === 'number';
  return PRE_RELEASE.test(token);
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = versionTokens(a);
  const y = versionTokens(b);
  const length = Math.max(x.length, y.length);
  for (let i = 0; i < length; i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    if (p === undefined) return isPreRelease(q, y[i + 1]) ? 1 : -1;
    if (q === undefined) return isPreRelease(p, x[i + 1]) ? -1 : 1;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    if (typeof p === 'string' && typeof q === 'string') {
      const pp = isPreRelease(p, x[i + 1]);
      const qp = isPreRelease(q, y[i + 1]);
      if (pp !== qp) return pp ? -1 : 1;
      return p < q ? -1 : 1;
    }
    // A number against a word: `9.8.1` vs `9.8p1`; a pre-release word sorts first, any other word too
    // (a further dotted number is a bigger step than a patch letter).
    return typeof p === 'number' ? 1 : -1;
  }
  return 0;
}

export interface VersionRange {
  startIncluding?: string;
  startExcluding?: string;
  endIncluding?: string;
  endExcluding?: string;
}

/** True when `version` lies in the range (an empty range holds everything). */
export function inRange(version: string, range: VersionRange): boolean {
  if (range.startIncluding !== undefined && compareVersions(version, range.startIncluding) < 0) return false;
  if (range.startExcluding !== undefined && compareVersions(version, range.startExcluding) <= 0) return false;
  if (range.endIncluding !== undefined && compareVersions(version, range.endIncluding) > 0) return false;
  if (range.endExcluding !== undefined && compareVersions(version, range.endExcluding) >= 0) return false;
  return true;
}
