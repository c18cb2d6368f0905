// The masscan command line for a scan request, as an argument array (never a shell string). Every value in
// it was validated before (targets, port spec, adapter options from the config schema).
import { formatPortRanges } from '../ports.js';
import type { PortSpec, ScanRequest } from '../types.js';

/** masscan's port list: `80,443,U:53`. */
export function masscanPortList(spec: Pick<PortSpec, 'tcp' | 'udp'>): string {
  const parts: string[] = [];
  if (spec.tcp.length > 0) parts.push(formatPortRanges(spec.tcp));
  for (const range of spec.udp) parts.push(`U:${formatPortRanges([range])}`);
  return parts.join(',');
}

/** `--wait` is in seconds: port-timeout milliseconds / 1000, rounded up (never / 100). */
export function masscanWaitSeconds(portTimeoutMs: number): number {
  return Math.max(1, Math.ceil(portTimeoutMs / 1000));
}

/**
 * Arguments for a discovery run writing NDJSON records to stdout (`-oD -`). One retry per probe: without it
 * masscan 1.3 misses an open port in roughly one run of four on a quiet link (measured against test hosts).
 */
export function buildMasscanArgs(request: ScanRequest): string[] {
  const args = [
    ...request.targets.map((t) => t.cidr),
    '-p', masscanPortList(request.ports),
    '--rate', String(request.rate),
    '--wait', String(masscanWaitSeconds(request.portTimeoutMs)),
    '--retries', '1',
  ];
  const excludedPorts = masscanPortList(request.ports.excluded);
  if (excludedPorts) args.push('--exclude-ports', excludedPorts);
  if (request.exclude.length > 0) args.push('--exclude', request.exclude.join(','));
  const adapter = request.masscan ?? {};
  if (adapter.adapter) args.push('--adapter', adapter.adapter);
  if (adapter.adapterIp) args.push('--adapter-ip', adapter.adapterIp);
  if (adapter.routerMac) args.push('--router-mac', adapter.routerMac);
  args.push('-oD', '-');
  return args;
}

export interface MasscanStatus {
  percent: number;
  /** Seconds left of `--wait`; negative once masscan hangs past it. */
  waitingSeconds?: number;
  found?: number;
}

/** Parses masscan's stderr status line: `rate:  0.99-kpps, 45.12% done, waiting -1-secs, found=2`. */
export function parseMasscanStatus(line: string): MasscanStatus | null {
  const done = /([\d.]+)% done/.exec(line);
  if (!done?.[1]) return null;
  const percent = Number(done[1]);
  if (!Number.isFinite(percent)) return null;
  const waiting = /waiting (-?\d+)-secs/.exec(line);
  const found = /found=(\d+)/.exec(line);
  return {
    percent: Math.min(100, percent),
    ...(waiting?.[1] !== undefined ? { waitingSeconds: Number(waiting[1]) } : {}),
    ...(found?.[1] !== undefined ? { found: Number(found[1]) } : {}),
  };
}
