import { describe, expect, it } from 'vitest';
import { parsePortSpec } from '../../../scanner/ports.js';
import { HostPortTally } from '../../../scanner/results/host-port-tally.js';
import { mergeServices } from '../../../scanner/results/result-collector.js';
import { buildNmapDiscoveryArgs, buildNmapServiceArgs } from '../../../scanner/runners/nmap-args.js';
import { planServiceRuns, splitPortLists } from '../../../scanner/runners/nmap-service-plan.js';
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
    const tally = new HostPortTally();
    for (const port of found) tally.add(port);
    const runs = planServiceRuns(tally);
    expect(runs.map((g) => g.ips)).toEqual([['198.18.5.2', '198.18.5.3'], ['198.18.5.1']]);
    expect(runs.map((g) => g.portCount)).toEqual([4, 1]);
    const args = buildNmapServiceArgs(runs[0]!.ips, runs[0]!, options);
    expect(args[0]).toBe('-sV');
    expect(args[args.indexOf('-p') + 1]).toBe('T:22,6379');
    expect(args.slice(-2)).toEqual(['198.18.5.2', '198.18.5.3']);
  });

  it('writes the -sV port list as ranges, splits long lists and large groups so no command line gets near E2BIG', () => {
    const tally = new HostPortTally();
    for (let port = 1; port <= 65535; port += 1) tally.add(open('198.18.5.2', port));
    const [whole] = planServiceRuns(tally);
    expect(buildNmapServiceArgs(whole!.ips, whole!, options)[buildNmapServiceArgs(whole!.ips, whole!, options).indexOf('-p') + 1]).toBe('T:1-65535');

    // Every other port: 32,768 single ports do not fit one argument; each run's list stays under the limit.
    const scattered = new HostPortTally();
    for (let port = 1; port <= 65535; port += 2) scattered.add(open('198.18.5.3', port));
    const runs = planServiceRuns(scattered, { ipsPerRun: 256, portListChars: 16_384 });
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.reduce((n, r) => n + r.portCount, 0)).toBe(32768);
    for (const run of runs) expect(buildNmapServiceArgs(run.ips, run, options).join(' ').length).toBeLessThan(17_000);

    const many = new HostPortTally();
    for (let host = 0; host < 600; host += 1) many.add(open(`198.18.${host >> 8}.${host & 255}`, 443));
    expect(planServiceRuns(many).map((r) => r.ips.length)).toEqual([256, 256, 88]);
    expect(splitPortLists([[1, 1], [3, 3], [5, 5]], [[53, 53]], 5)).toEqual([{ tcp: [[1, 1], [3, 3]], udp: [] }, { tcp: [[5, 5]], udp: [[53, 53]] }]);
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
