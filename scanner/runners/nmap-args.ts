// nmap command lines for the two phases of an nmap scan, as argument arrays (never a shell string):
// discovery (-sS with raw sockets, else -sT) over the whole port spec, then -sV on the ports found.
import { formatPortRanges } from '../ports.js';
import type { OpenPort, PortSpec, ScanRequest } from '../types.js';

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

export function buildNmapServiceArgs(ips: string[], ports: OpenPort[], options: NmapCommonOptions): string[] {
  const spec = {
    tcp: ports.filter((p) => p.protocol === 'tcp').map((p): [number, number] => [p.port, p.port]),
    udp: ports.filter((p) => p.protocol === 'udp').map((p): [number, number] => [p.port, p.port]),
  };
  return ['-sV', ...scanTypes(spec, options.rawSockets), ...common(options), '-p', nmapPortList(spec), ...ips];
}

/** Hosts that share the same open ports, so one `-sV` run covers each group (per-host port lists). */
export function groupHostsByPorts(openPorts: OpenPort[]): Array<{ ips: string[]; ports: OpenPort[]; family: 4 | 6 }> {
  const byHost = new Map<string, OpenPort[]>();
  for (const port of openPorts) byHost.set(port.ip, [...(byHost.get(port.ip) ?? []), port]);
  const groups = new Map<string, { ips: string[]; ports: OpenPort[]; family: 4 | 6 }>();
  for (const [ip, ports] of byHost) {
    const family = ip.includes(':') ? 6 : 4;
    const key = `${family}|${ports.map((p) => `${p.protocol}${p.port}`).sort().join(',')}`;
    const group = groups.get(key);
    if (group) group.ips.push(ip);
    else groups.set(key, { ips: [ip], ports, family });
  }
  return [...groups.values()];
}
