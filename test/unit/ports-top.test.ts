// The committed top-port lists agree with nmap's own data (when nmap is installed) and are well-formed.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOP_TCP_100, TOP_TCP_1000, TOP_UDP_100, TOP_UDP_1000 } from '../../scanner/top-ports.js';

const SERVICES = '/usr/share/nmap/nmap-services';

/** The top `count` ports of a protocol as nmap ranks them: by open-frequency, ties by port. */
function topFromServices(text: string, protocol: string, count: number): number[] {
  const entries: Array<[number, number]> = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [, portProto = '', frequency = '0'] = line.split(/\s+/);
    const [port, proto] = portProto.split('/');
    if (proto === protocol) entries.push([Number(port), Number(frequency)]);
  }
  entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return entries.slice(0, count).map(([port]) => port);
}

describe('top ports', () => {
  it.each([
    ['TOP_TCP_100', TOP_TCP_100, 100],
    ['TOP_TCP_1000', TOP_TCP_1000, 1000],
    ['TOP_UDP_100', TOP_UDP_100, 100],
    ['TOP_UDP_1000', TOP_UDP_1000, 1000],
  ])('%s has %i distinct valid ports', (_name, list, count) => {
    expect(list).toHaveLength(count);
    expect(new Set(list).size).toBe(count);
    expect(list.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)).toBe(true);
  });

  it('the top 100 is the head of the top 1000', () => {
    expect(TOP_TCP_1000.slice(0, 100)).toEqual(TOP_TCP_100);
    expect(TOP_UDP_1000.slice(0, 100)).toEqual(TOP_UDP_100);
  });

  it.skipIf(!existsSync(SERVICES))('matches nmap-services on this machine', () => {
    const text = readFileSync(SERVICES, 'utf8');
    expect(TOP_TCP_100).toEqual(topFromServices(text, 'tcp', 100));
    expect(TOP_UDP_100).toEqual(topFromServices(text, 'udp', 100));
    expect(TOP_TCP_1000).toEqual(topFromServices(text, 'tcp', 1000));
  });
});
