// Turns a tool's failure (missing binary, stderr, exit code) into an error message that says what to do.
// Permission problems are recognised in masscan's and nmap's own words, whatever the wording of the day.
import type { ToolExit } from '../process/tool-process.js';

export type ToolName = 'masscan' | 'nmap';

const PERMISSION_PATTERNS = [
  /FAIL: permission denied/i,
  /need to sudo or run as root/i,
  /requires root privileges/i,
  /Operation not permitted/i,
  /Failed to open device/i,
  /socket troubles/i,
  /pcap.*(permission|not permitted)/i,
  /You don't have permission/i,
];

export function permissionDeniedMessage(tool: ToolName): string {
  return `${tool}: permission denied — the worker needs NET_RAW and NET_ADMIN`;
}

export function isPermissionProblem(lines: string[]): boolean {
  return lines.some((line) => PERMISSION_PATTERNS.some((pattern) => pattern.test(line)));
}

/** Keeps only printable text of a hostile stderr line and bounds its length. */
function clean(line: string): string {
  return line.replace(/[^\x20-\x7e]/g, '').trim().slice(0, 200);
}

/** The error of a tool run that did not succeed, or undefined when it did. */
export function describeToolFailure(tool: ToolName, exit: ToolExit): string | undefined {
  if (exit.spawnError) {
    if (exit.spawnError.code === 'ENOENT') return `${tool} is not installed on this worker — install it (apt-get install ${tool}) or run the scan on another scanner`;
    if (exit.spawnError.code === 'EACCES') return permissionDeniedMessage(tool);
    return `${tool} could not be started (${exit.spawnError.code ?? 'unknown error'})`;
  }
  if (exit.stopped) return undefined;
  if (isPermissionProblem(exit.stderrTail)) return permissionDeniedMessage(tool);
  if (exit.exitCode === 0) return undefined;
  const detail = exit.stderrTail.map(clean).filter((l) => l && !/^rate:/.test(l)).slice(-3).join(' | ');
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode ?? 'unknown'}`;
  return `${tool} ${how}${detail ? `: ${detail}` : ''} — check the scan options and the worker's log`;
}
