// Severity arithmetic the reports share: ranking, the worst of a set, counting, and a stable order for
// findings and addresses so the same input always gives byte-identical reports.
import { SEVERITIES, type Severity } from '../../scanner/types.js';
import type { SeverityCounts } from '../scans/scan-model.js';

/** 0 = critical … 4 = info; lower sorts first. */
export function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity);
  return rank === -1 ? SEVERITIES.length : rank;
}

export function worstSeverity(severities: Iterable<Severity>): Severity | null {
  let worst: Severity | null = null;
  for (const s of severities) if (worst === null || severityRank(s) < severityRank(worst)) worst = s;
  return worst;
}

export function countSeverities(items: Iterable<{ severity: Severity }>): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const item of items) if (item.severity in counts) counts[item.severity] += 1;
  return counts;
}

function ipv4Number(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

/** IPv4 numerically, then everything else (IPv6, junk) as text after it. */
export function compareIp(a: string, b: string): number {
  const na = ipv4Number(a);
  const nb = ipv4Number(b);
  if (na !== null && nb !== null) return na - nb;
  if (na !== null) return -1;
  if (nb !== null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Endpoint {
  ip: string;
  port: number;
  protocol: string;
}

export function compareEndpoint(a: Endpoint, b: Endpoint): number {
  return compareIp(a.ip, b.ip) || a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
}

/** `198.18.1.2:6379/tcp`, IPv6 in brackets. */
export function endpointLabel(e: Endpoint): string {
  return `${e.ip.includes(':') ? `[${e.ip}]` : e.ip}:${e.port}/${e.protocol}`;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
