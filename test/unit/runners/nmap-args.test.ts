import { describe, expect, it } from 'vitest';
import { parsePortSpec } from '../../../scanner/ports.js';
import { buildNmapDiscoveryArgs, buildNmapServiceArgs, groupHostsByPorts } from '../../../scanner/runners/nmap-args.js';
import { mergeServices } from '../../../scanner/runners/nmap.js';
import { splitBudget } from '../../../scanner/runners/plans.js';
import type { OpenPort, ScanRequest } from '../../../scanner/types.js';

const request: ScanRequest = {
  targets: [{ cidr: '198.18.5.0/30', family: 4, size: 4n }],
  ports: parsePortSpec('22,80,U:53'),
  scanner: 'nmap',
  rate: 300,
  timeoutSeconds: 600,
  portTimeoutMs: 1500,
  exclude: ['198.18.5.1'],
};
const options = { rawSockets: true, rate: 300, portTimeoutMs: 1500, family: 4 as const, xmlFile: '/tmp/x.xml' };

function open(ip: string, port: number, extra: Partial<OpenPort> = {}): OpenPort {
  return { ip, port, protocol: 'tcp', state: 'open', ...extra };
}

describe('nmap arguments', () => {
  it('discovers with -sS when raw sockets are allowed, -sU for UDP, XML to a file and progress every 2s', () => {
    const args = buildNmapDiscoveryArgs(request, ['198.18.5.0/30'], options);
    expect(args.slice(0, 2)).toEqual(['-sS', '-sU']);
    expect(args).toEqual(expect.arrayContaining(['-Pn', '-n', '--stats-every', '2s', '-oX', '/tmp/x.xml']));
    expect(args[args.indexOf('-p') + 1]).toBe('T:22,80,U:53');
    expect(args[args.indexOf('--max-rate') + 1]).toBe('300');
    expect(args[args.indexOf('--exclude') + 1]).toBe('198.18.5.1');
    expect(args.at(-1)).toBe('198.18.5.0/30');
  });

  it('falls back to a connect scan without raw sockets', () => {
    const args = buildNmapDiscoveryArgs(request, ['198.18.5.0/30'], { ...options, rawSockets: false });
    expect(args).toContain('-sT');
    expect(args).not.toContain('-sS');
    expect(args).toContain('--unprivileged');
  });

  it('runs -sV only on the ports found, one run per group of hosts sharing them', () => {
    const found = [open('198.18.5.2', 22), open('198.18.5.2', 6379), open('198.18.5.3', 22), open('198.18.5.3', 6379), open('198.18.5.1', 80)];
    const groups = groupHostsByPorts(found);
    expect(groups.map((g) => g.ips)).toEqual([['198.18.5.2', '198.18.5.3'], ['198.18.5.1']]);
    const args = buildNmapServiceArgs(groups[0]!.ips, groups[0]!.ports, options);
    expect(args[0]).toBe('-sV');
    expect(args[args.indexOf('-p') + 1]).toBe('T:22,6379');
    expect(args.slice(-2)).toEqual(['198.18.5.2', '198.18.5.3']);
  });

  it('merges service detection into the discovery records and keeps ports -sV did not report', () => {
    const merged = mergeServices(
      [open('198.18.5.2', 22, { ttl: 64 }), open('198.18.5.2', 6379)],
      [open('198.18.5.2', 22, { service: 'ssh', product: 'OpenSSH', version: '9.2p1' })],
    );
    expect(merged).toEqual([
      { ip: '198.18.5.2', port: 22, protocol: 'tcp', state: 'open', ttl: 64, service: 'ssh', product: 'OpenSSH', version: '9.2p1' },
      { ip: '198.18.5.2', port: 6379, protocol: 'tcp', state: 'open' },
    ]);
  });

  it('gives discovery 70 % of the timeout and service detection 30 %, at least 120 s', () => {
    expect(splitBudget(1000)).toEqual({ discovery: 700, services: 300 });
    expect(splitBudget(100)).toEqual({ discovery: 70, services: 120 });
  });
});
