// How a scan result is printed by `portcullis scan-now` and `portcullis parse`: a table of open ports and
// the findings by severity for people, or exactly one JSON object for tools (DESIGN §8). Text that came
// from scanned hosts is stripped of control characters in the human form, so a banner cannot drive the
// terminal; the JSON form keeps it as it is (JSON escapes it).
import { SEVERITIES, type Finding, type OpenPort } from '../scanner/types.js';

export interface PrintableScanResult {
  status: string;
  openPorts: OpenPort[];
  findings: Finding[];
  error?: string;
  warnings?: string[];
}

export interface ScanOutputOptions {
  json: boolean;
  /** Where to write (default process.stdout). */
  out?: { write(text: string): unknown };
}

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.ip.localeCompare(b.ip) || a.port - b.port;
}

/** The one JSON object of DESIGN §8. */
export function scanResultJson(result: PrintableScanResult): Record<string, unknown> {
  return {
    status: result.status,
    openPorts: result.openPorts.map((p) => ({ ip: p.ip, port: p.port, protocol: p.protocol, service: p.service ?? null, product: p.product ?? null, version: p.version ?? null })),
    findings: [...result.findings].sort(bySeverity).map((f) => ({ severity: f.severity, title: f.title, ip: f.ip, port: f.port })),
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.warnings && result.warnings.length > 0 ? { warnings: result.warnings } : {}),
  };
}

/** Scanned text made safe for a terminal: control characters (ANSI escapes, CR, …) shown as `?`. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

/** The human-readable form: status, open ports table, findings by severity, warnings, error. */
export function scanResultText(result: PrintableScanResult): string {
  const lines = [`Status: ${result.status}`, ''];
  if (result.openPorts.length === 0) lines.push('No open ports found.');
  else {
    const rows = result.openPorts.map((p) => [p.ip, `${p.port}/${p.protocol}`, terminalSafe(p.service ?? ''), terminalSafe([p.product, p.version].filter(Boolean).join(' '))]);
    lines.push(`Open ports (${result.openPorts.length}):`, ...table([['IP', 'PORT', 'SERVICE', 'PRODUCT VERSION'], ...rows]).map((l) => `  ${l}`));
  }
  lines.push('');
  if (result.findings.length === 0) lines.push('No findings.');
  else {
    lines.push(`Findings (${result.findings.length}):`);
    for (const f of [...result.findings].sort(bySeverity)) lines.push(`  [${f.severity.toUpperCase()}] ${terminalSafe(f.title)} — ${f.ip}:${f.port}/${f.protocol}`);
  }
  for (const warning of result.warnings ?? []) lines.push(`Warning: ${terminalSafe(warning)}`);
  if (result.error !== undefined) lines.push(`Error: ${terminalSafe(result.error)}`);
  return `${lines.join('\n')}\n`;
}

export function printScanResult(result: PrintableScanResult, options: ScanOutputOptions): void {
  const out = options.out ?? process.stdout;
  out.write(options.json ? `${JSON.stringify(scanResultJson(result))}\n` : scanResultText(result));
}
