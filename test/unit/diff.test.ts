// diffPorts / diffFindings: new, gone, changed, keyed as DESIGN §5 says.
import { describe, expect, it } from 'vitest';
import { diffFindings, diffPorts } from '../../scanner/diff.js';
import type { Finding, OpenPort } from '../../scanner/types.js';

const port = (ip: string, n: number, extra: Partial<OpenPort> = {}): OpenPort => ({ ip, port: n, protocol: 'tcp', state: 'open', ...extra });

describe('diffPorts', () => {
  it('finds new, gone and changed ports', () => {
    const previous = [
      port('198.18.1.2', 22, { service: 'ssh', product: 'OpenSSH', version: '8.9p1' }),
      port('198.18.1.2', 80, { service: 'http' }),
      port('198.18.1.2', 53, { protocol: 'udp' }),
      port('198.18.1.3', 6379, { service: 'redis', version: '7.0.0' }),
    ];
    const current = [
      port('198.18.1.2', 22, { service: 'ssh', product: 'OpenSSH', version: '9.6p1' }),
      port('198.18.1.2', 80, { service: 'http', banner: 'Date: today' }),
      port('198.18.1.2', 53, { protocol: 'tcp' }),
      port('198.18.1.3', 6379, { service: 'redis', version: '7.0.0', ttl: 64 }),
      port('198.18.1.4', 443),
    ];
    const diff = diffPorts(previous, current);
    expect(diff.new.map((p) => `${p.ip}:${p.port}/${p.protocol}`)).toEqual(['198.18.1.2:53/tcp', '198.18.1.4:443/tcp']);
    expect(diff.gone.map((p) => `${p.ip}:${p.port}/${p.protocol}`)).toEqual(['198.18.1.2:53/udp']);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]?.before.version).toBe('8.9p1');
    expect(diff.changed[0]?.after.version).toBe('9.6p1');
  });

  it('treats a service appearing (masscan run → nmap run) as a change, and missing vs empty as equal', () => {
    const diff = diffPorts([port('1.1.1.1', 80), port('1.1.1.1', 81, { product: '' })], [port('1.1.1.1', 80, { service: 'http' }), port('1.1.1.1', 81)]);
    expect(diff.changed.map((c) => c.after.port)).toEqual([80]);
  });

  it('handles empty sides and duplicates within a run', () => {
    expect(diffPorts([], [])).toEqual({ new: [], gone: [], changed: [] });
    expect(diffPorts([], [port('1.1.1.1', 1), port('1.1.1.1', 1)]).new).toHaveLength(1);
    expect(diffPorts([port('1.1.1.1', 1)], []).gone).toHaveLength(1);
  });

  it('does not confuse keys that would collide under naive concatenation', () => {
    const diff = diffPorts([port('1.1.1.1', 12)], [port('1.1.1.11', 2)]);
    expect(diff.new).toHaveLength(1);
    expect(diff.gone).toHaveLength(1);
  });

  it('diffs large runs correctly', () => {
    const previous = Array.from({ length: 100_000 }, (_, i) => port(`10.0.${i >> 8}.${i & 255}`, 80));
    const current = previous.slice(1000).concat([port('10.9.9.9', 80)]);
    const diff = diffPorts(previous, current);
    expect(diff.gone).toHaveLength(1000);
    expect(diff.new).toHaveLength(1);
    expect(diff.changed).toHaveLength(0);
  });
});

describe('diffFindings', () => {
  const finding = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({
    ruleId,
    severity: 'critical',
    title: 'Exposed Redis',
    ip: '198.18.1.2',
    port: 6379,
    protocol: 'tcp',
    evidence: 'redis 7.0.0',
    remediation: 'firewall it',
    ...extra,
  });

  it('keys by rule, ip, port and protocol and compares severity and title', () => {
    const diff = diffFindings(
      [finding('exposed-redis'), finding('outdated-redis', { severity: 'high' }), finding('open-port', { port: 1 })],
      [
        finding('exposed-redis', { evidence: 'redis 7.0.1' }),
        finding('outdated-redis', { severity: 'medium' }),
        finding('open-port', { port: 2 }),
      ],
    );
    expect(diff.new.map((f) => f.port)).toEqual([2]);
    expect(diff.gone.map((f) => f.port)).toEqual([1]);
    expect(diff.changed.map((c) => [c.before.severity, c.after.severity])).toEqual([['high', 'medium']]);
  });
});

describe('diffPorts with duplicates and many ports per host', () => {
  it('counts a port listed twice in the previous run once, the later copy winning', () => {
    const previous = [port('1.1.1.1', 22, { version: 'a' }), port('1.1.1.1', 22, { version: 'b' })];
    expect(diffPorts(previous, [port('1.1.1.1', 22, { version: 'b' })])).toEqual({ new: [], gone: [], changed: [] });
    expect(diffPorts(previous, []).gone).toHaveLength(1);
  });

  it('diffs a host with every port open', () => {
    const all = Array.from({ length: 65535 }, (_, i) => port('1.1.1.1', i + 1));
    const withUdp = all.concat([port('1.1.1.1', 53, { protocol: 'udp' })]);
    const diff = diffPorts(all, withUdp.filter((p) => p.port !== 80));
    expect(diff.new.map((p) => `${p.port}/${p.protocol}`)).toEqual(['53/udp']);
    expect(diff.gone.map((p) => p.port)).toEqual([80]);
  });
});
