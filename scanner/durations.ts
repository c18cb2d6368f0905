// Durations as people write them in chat and as every reply shows them (DESIGN §3): `90s`, `15m`, `2h`,
// `1h 5m`. parseDuration accepts what formatDuration writes, so a value shown can be typed back.
import { ScannerError } from './errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
const EXAMPLE = 'e.g. 90 (seconds), 90s, 15m, 2h or 1h 30m';

function invalid(text: string, why: string): ScannerError {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return new ScannerError('OPTION_INVALID', `Invalid duration "${shown}": ${why} (${EXAMPLE}).`);
}

/** Seconds in `90`, `90s`, `15m`, `2h`, `1d`, `1h30m` or `1h 30m`. Throws ScannerError OPTION_INVALID. */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') throw invalid(text, 'it is empty');
  if (/^\d+$/.test(trimmed)) return checked(Number(trimmed), text);
  const parts = trimmed.match(/\d+\s*[a-z]+/g) ?? [];
  if (parts.join('').replace(/\s/g, '') !== trimmed.replace(/\s/g, '') || /\d\s+\d/.test(trimmed)) {
    throw invalid(text, 'write a whole number followed by s, m, h or d');
  }
  let seconds = 0;
  const seen = new Set<string>();
  for (const part of parts) {
    const [, amount = '', unit = ''] = /^(\d+)\s*([a-z]+)$/.exec(part) ?? [];
    const factor = UNIT_SECONDS[unit];
    if (factor === undefined) throw invalid(text, `"${unit}" is not a unit; use s, m, h or d`);
    if (seen.has(unit)) throw invalid(text, `"${unit}" is given twice`);
    seen.add(unit);
    seconds += Number(amount) * factor;
  }
  return checked(seconds, text);
}

function checked(seconds: number, text: string): number {
  if (!Number.isSafeInteger(seconds)) throw invalid(text, 'the number is too large');
  return seconds;
}

/** `45s`, `90s`, `2m 30s`, `15m`, `2h`, `1h 5m`. Under two minutes stays in seconds; fractions are rounded. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0s';
  if (seconds < 0.5) return '<1s';
  const total = Math.round(seconds);
  if (total < 120) return `${total}s`;
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  if (rest > 0) parts.push(`${rest}s`);
  return parts.join(' ');
}
