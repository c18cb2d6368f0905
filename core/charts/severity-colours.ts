// One palette for severities, shared by the PNG charts, the PDF reports and the chat renderers (Slack
// attachment colours, Discord embed colours), so "high" looks the same everywhere.
import type { Severity } from '../../scanner/types.js';

/** Hex colour per severity, `#RRGGBB`. */
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  critical: '#8B0000',
  high: '#D32F2F',
  medium: '#F57C00',
  low: '#FBC02D',
  info: '#607D8B',
};

/** Human label per severity, capitalised for legends and headings. */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** The colour as an integer (`0x8B0000`), the form Discord embeds take. */
export function severityColourInt(severity: Severity): number {
  return Number.parseInt(SEVERITY_COLOURS[severity].slice(1), 16);
}

/** The colour as `[r, g, b]`, for pixel checks and PDF fills. */
export function severityColourRgb(severity: Severity): [number, number, number] {
  const n = severityColourInt(severity);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
