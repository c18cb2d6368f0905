import { describe, expect, it } from 'vitest';
import { parsePortSpec } from '../../../scanner/ports.js';
import { buildMasscanArgs, masscanWaitSeconds, parseMasscanStatus } from '../../../scanner/runners/masscan-args.js';
import type { ScanRequest } from '../../../scanner/types.js';

function request(overrides: Partial<ScanRequest> = {}): ScanRequest {
  return {
    targets: [{ cidr: '198.18.5.2', family: 4, size: 1n }],
    ports: parsePortSpec('80,443,8000-8100'),
    scanner: 'masscan',
    rate: 500,
    timeoutSeconds: 60,
    portTimeoutMs: 1500,
    exclude: [],
    ...overrides,
  };
}

describe('masscan arguments', () => {
  it('derives --wait from port-timeout in seconds, rounded up (ms / 1000, never / 100)', () => {
    expect(masscanWaitSeconds(1500)).toBe(2);
    expect(masscanWaitSeconds(1000)).toBe(1);
    expect(masscanWaitSeconds(10_000)).toBe(10);
    expect(masscanWaitSeconds(1)).toBe(1);
  });

  it('builds an argument array with targets, ports, rate, wait and NDJSON on stdout', () => {
    const args = buildMasscanArgs(request());
    expect(args).toEqual(['198.18.5.2', '-p', '80,443,8000-8100', '--rate', '500', '--wait', '2', '--retries', '1', '-oD', '-']);
  });

  it('passes exclusions, excluded ports, UDP ports and the adapter options', () => {
    const args = buildMasscanArgs(request({
      ports: parsePortSpec('20-25,!22,U:53'),
      exclude: ['198.18.5.7', '198.18.6.0/24'],
      masscan: { adapter: 'pcl-h5', adapterIp: '198.18.5.1', routerMac: '02:00:00:aa:bb:cc' },
    }));
    expect(args[2]).toBe('20-21,23-25,U:53');
    expect(args).toContain('--exclude-ports');
    expect(args[args.indexOf('--exclude-ports') + 1]).toBe('22');
    expect(args[args.indexOf('--exclude') + 1]).toBe('198.18.5.7,198.18.6.0/24');
    expect(args[args.indexOf('--adapter') + 1]).toBe('pcl-h5');
    expect(args[args.indexOf('--adapter-ip') + 1]).toBe('198.18.5.1');
    expect(args[args.indexOf('--router-mac') + 1]).toBe('02:00:00:aa:bb:cc');
  });
});

describe('masscan status line', () => {
  it('reads percent, found and the --wait countdown, including the hang past it', () => {
    expect(parseMasscanStatus('rate:  0.99-kpps, 45.12% done,   0:00:09 remaining, found=1       ')).toEqual({ percent: 45.12, found: 1 });
    expect(parseMasscanStatus('rate:  0.00-kpps, 100.00% done, waiting -3-secs, found=2       ')).toEqual({ percent: 100, waitingSeconds: -3, found: 2 });
  });

  it('ignores other lines', () => {
    expect(parseMasscanStatus('Starting masscan 1.3.2 (http://bit.ly/14GZzcT) at 2026-11-22 01:41:49 GMT')).toBeNull();
    expect(parseMasscanStatus('rate: garbage% done')).toBeNull();
  });
});
