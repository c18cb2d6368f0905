// Severity from CVSS (the qualitative scale of CVSS v3/v4: 9.0 critical, 7.0 high, 4.0 medium, 0.1 low),
// raised to at least high for a CVE CISA lists as exploited in the wild.
import type { VulnSeverity } from './types.js';

const ORDER: readonly VulnSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A record NVD has not scored yet is medium: unknown is not harmless. */
export function severityOfScore(score: number | null): VulnSeverity {
  if (score === null) return 'medium';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

export function severityRank(severity: VulnSeverity): number {
  return ORDER.indexOf(severity);
}

export function mostSevere(a: VulnSeverity, b: VulnSeverity): VulnSeverity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

export function cveSeverity(score: number | null, kev: boolean): VulnSeverity {
  const base = severityOfScore(score);
  return kev ? mostSevere(base, 'high') : base;
}
