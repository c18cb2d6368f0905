// nmap command lines for the two phases of an nmap scan, as argument arrays (never a shell string):
// discovery (-sS with raw sockets, else -sT) over the whole port spec, then -sV on the ports found
// (planned by nmap-service-plan.ts).
import { formatPortRanges } from '../ports.js';
import type { PortSpec, ScanRequest } from '../types.js';

/** nmap's port list: `T:80,443,U:53`. */
export function nmapPortList(spec: Pick<PortSpec, 'tcp' | 'udp'>): string {
  const parts: string[] = [];
  if (spec.tcp.length > 0) parts.push(`T:${formatPortRanges(spec.tcp)}`);
  if (spec.udp.length > 0) parts.push(`U:${formatPortRanges(spec.udp)}`);
  return parts.join(',');
}

export interface NmapCommonOptions {
  rawSockets: boolean;
  rate: number;
  portTimeoutMs: number;
  family: 4 | 6;
  xmlFile: string;
}

function scanTypes(spec: Pick<PortSpec, 'tcp' | 'udp'>, rawSockets: boolean): string[] {
  const types: string[] = [];
  if (spec.tcp.length > 0) types.push(rawSockets ? '-sS' : '-sT');
  if (spec.udp.length > 0) types.push('-sU');
  return types;
}

function common(options: NmapCommonOptions): string[] {
  return [
    ...(options.family === 6 ? ['-6'] : []),
    ...(options.rawSockets ? [] : ['--unprivileged']),
    '-Pn', '-n', '--open',
    '--max-rate', String(options.rate),
    '--max-rtt-timeout', `${options.portTimeoutMs}ms`,
    '--stats-every', '2s',
    '-oX', options.xmlFile,
  ];
}

export function buildNmapDiscoveryArgs(request: ScanRequest, targets: string[], options: NmapCommonOptions): string[] {
  return [
    ...scanTypes(request.ports, options.rawSockets),
    ...common(options),
    '-p', nmapPortList(request.ports),
    ...(request.exclude.length > 0 ? ['--exclude', request.exclude.join(',')] : []),
    ...targets,
  ];
}

/** The -sV command line of one service run: its hosts and their open ports as ranges (never one per port). */
export function buildNmapServiceArgs(ips: string[], ports: Pick<PortSpec, 'tcp' | 'udp'>, options: NmapCommonOptions): string[] {
  return ['-sV', ...scanTypes(ports, options.rawSockets), ...common(options), '-p', nmapPortList(ports), ...ips];
}
