// What software a port runs, in CPE terms: from nmap's CPEs first, else from its product/version
// strings, else from a banner. Says where it came from and whether the version carries a distribution
// revision (`9.2p1 Debian 2+deb12u3`, `2.4.6 ((CentOS))`), because distributions backport fixes without
// changing the upstream version, and a finding must say so.
import { parseCpe, productKey, splitUpdate } from './cpe.js';
import { PRODUCT_ALIASES, aliasOfCpeName, cpeNamesOf } from './product-aliases.js';

/** The parts of an open port matching reads. */
export interface ServiceObservation {
  service?: string | null;
  product?: string | null;
  version?: string | null;
  banner?: string | null;
  cpes?: readonly string[] | null;
}

export type SoftwareSource = 'cpe' | 'service' | 'banner';

export interface DetectedSoftware {
  /** Display name: `OpenSSH`, `Apache httpd`, or the CPE product. */
  name: string;
  /** Every `vendor:product` this software goes by. */
  cpeNames: string[];
  /** The upstream version as the range bounds compare it: `8.9p1`. */
  version: string;
  /** NVD's version/update split of it: 8.9 / p1 (update '' when none). */
  baseVersion: string;
  update: string;
  source: SoftwareSource;
  /** The distribution whose package this is, when the version says so. */
  distribution?: string;
  /** The version text as detected, distribution revision and all. */
  detectedVersion: string;
  releaseSuffix?: string;
  /** `vendor:product` of the operating system CPEs nmap gave (platform hints). */
  platforms: string[];
}

const DISTRIBUTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bdebian\b|\+deb\d+u\d+|~deb\d+/i, 'Debian'],
  [/\bubuntu\b|\dubuntu\d/i, 'Ubuntu'],
  [/\bcentos\b/i, 'CentOS'],
  [/\bred ?hat\b|\brhel\b|\.el[5-9]\b|\.el[5-9]_/i, 'Red Hat Enterprise Linux'],
  [/\bfedora\b|\.fc\d\d\b/i, 'Fedora'],
  [/\bsuse\b/i, 'SUSE'],
  [/\balpine\b/i, 'Alpine Linux'],
  [/\bamazon\b|\.amzn\d/i, 'Amazon Linux'],
  [/\braspbian\b/i, 'Raspbian'],
  [/\bfreebsd\b/i, 'FreeBSD'],
];

const PLATFORM_DISTRIBUTIONS: Record<string, string> = {
  'debian:debian_linux': 'Debian', 'canonical:ubuntu_linux': 'Ubuntu', 'redhat:enterprise_linux': 'Red Hat Enterprise Linux',
  'centos:centos': 'CentOS', 'fedoraproject:fedora': 'Fedora', 'freebsd:freebsd': 'FreeBSD',
};

export function distributionIn(text: string): string | undefined {
  return DISTRIBUTIONS.find(([re]) => re.test(text))?.[1];
}

/** The leading version of a version string: `8.9p1 Ubuntu 3ubuntu0.10 (…)` → `8.9p1`. */
export function leadingVersion(text: string): string | undefined {
  const match = /^\s*v?(\d+(?:[.\w-]*\w)?)/i.exec(text);
  const version = match?.[1];
  if (!version) return undefined;
  // `5.5.62-0ubuntu0.14.04.1`: the upstream part stops at a packaging dash.
  return version.replace(/-(?:\d*(?:ubuntu|deb|el|fc|amzn|rh)|\d+$|\d+\.).*$/i, '').slice(0, 64);
}

function software(name: string, cpeNames: string[], version: string, source: SoftwareSource, seen: { context: string; detected: string }, platforms: string[]): DetectedSoftware {
  const { context, detected } = seen;
  const { version: baseVersion, update } = splitUpdate(version);
  const distribution = distributionIn(context) ?? platforms.map((p) => PLATFORM_DISTRIBUTIONS[p]).find((d) => d !== undefined);
  const alias = aliasOfCpeName(cpeNames[0] ?? '');
  return {
    name, cpeNames, version, baseVersion, update: update === '*' ? '' : update, source, detectedVersion: detected.trim().slice(0, 200), platforms,
    ...(distribution ? { distribution } : {}), ...(alias?.releaseSuffix ? { releaseSuffix: alias.releaseSuffix } : {}),
  };
}

/** The software seen on one port: one entry per product (a web server and the OpenSSL it reports, say). */
export function detectSoftware(port: ServiceObservation): DetectedSoftware[] {
  const found: DetectedSoftware[] = [];
  const seen = new Set<string>();
  const add = (s: DetectedSoftware) => {
    const key = s.cpeNames[0] ?? s.name;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(s);
  };
  const versionText = port.version ?? '';
  const context = `${port.product ?? ''} ${versionText}`;
  const cpes = (port.cpes ?? []).slice(0, 16).map(parseCpe).filter((c) => c !== undefined);
  const platforms = cpes.filter((c) => c.part === 'o').map(productKey);
  for (const cpe of cpes) {
    if (cpe.part !== 'a') continue;
    const version = cpe.version !== '*' && cpe.version !== '-' ? cpe.version : leadingVersion(versionText);
    if (!version) continue;
    const full = cpe.update !== '*' && cpe.update !== '-' ? `${version}${cpe.update}` : version;
    const names = cpeNamesOf(productKey(cpe));
    add(software(aliasOfCpeName(names[0] ?? '')?.name ?? cpe.product, names, full, 'cpe', { context, detected: versionText || full }, platforms));
  }
  const version = leadingVersion(versionText);
  const productAlias = port.product ? PRODUCT_ALIASES.find((a) => a.product.test(port.product ?? '')) : undefined;
  if (productAlias && version) add(software(productAlias.name, productAlias.cpeNames, version, 'service', { context, detected: versionText }, platforms));
  for (const text of [port.banner, versionText]) {
    if (!text) continue;
    for (const alias of PRODUCT_ALIASES) {
      const match = alias.banner?.exec(text);
      if (match?.[1]) {
        const seen = text.slice(match.index, match.index + 120).split(/\r?\n/)[0] ?? '';
        add(software(alias.name, alias.cpeNames, match[1], 'banner', { context: seen, detected: seen }, platforms));
      }
    }
  }
  return found;
}
