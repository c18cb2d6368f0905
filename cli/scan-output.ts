// How a scan result is printed by `portcullis scan-now` and `portcullis parse`: a table of open ports and
// the findings by severity for people, or exactly one JSON object for tools (DESIGN §8). Results of any
// size stream through ResultWriter (cli/output/); this prints a result already in memory (small: a refused
// or failed run, tests) with the same renderers.
import { SEVERITIES, type Finding, type OpenPort } from '../scanner/types.js';
import { jsonRenderer } from './output/json-renderer.js';
import type { ResultRenderer } from './output/renderer.js';
import { ResultWriter, type OutputSink } from './output/result-writer.js';
import { textRenderer } from './output/text-renderer.js';

export { terminalSafe } from './output/text-renderer.js';

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

export function rendererFor(json: boolean): ResultRenderer {
  return json ? jsonRenderer : textRenderer();
}

/** A streaming writer of a result to stdout (or `out`); `status` when known before the results. */
export function scanOutputWriter(json: boolean, status?: string, out: OutputSink = process.stdout): ResultWriter {
  return new ResultWriter(out, rendererFor(json), status);
}

function render(result: PrintableScanResult, renderer: ResultRenderer): string {
  const parts = [renderer.start(result.status)];
  result.openPorts.forEach((port, index) => parts.push(renderer.port(port, index)));
  parts.push(renderer.portsEnd(result.openPorts.length), renderer.findingsStart(result.findings.length));
  const sorted = [...result.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  sorted.forEach((finding, index) => parts.push(renderer.finding(finding, index)));
  parts.push(renderer.end({ warnings: result.warnings ?? [], ...(result.error !== undefined ? { error: result.error } : {}) }));
  return parts.join('');
}

/** The human-readable form: status, open ports table, findings by severity, warnings, error. */
export function scanResultText(result: PrintableScanResult): string {
  return render(result, textRenderer());
}

export function printScanResult(result: PrintableScanResult, options: ScanOutputOptions): void {
  const out = options.out ?? process.stdout;
  out.write(render(result, rendererFor(options.json)));
}
