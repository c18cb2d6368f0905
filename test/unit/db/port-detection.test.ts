// detectionsOfPorts groups an ingest's ports as PostgreSQL would group them once stored: values normalized
// as insertOpenPorts stores them (NUL dropped, at most 16 CPEs), detections that normalize alike merged,
// bare ports and ports it would not store left out.
import { describe, expect, it } from 'vitest';
import { detectionsOfPorts } from '../../../db/repositories/port-detection.repository.js';

const p = (ip: string, extra: Record<string, unknown> = {}) => ({ ip, port: 22, protocol: 'tcp', state: 'open', ...extra });

describe('detectionsOfPorts', () => {
  it('counts the ports of each detection, port and protocol; bare and unstorable ports are left out', () => {
    const sut = detectionsOfPorts([
      p('192.0.2.1', { product: 'OpenSSH', version: '8.9p1' }), p('192.0.2.2', { product: 'OpenSSH', version: '8.9p1' }),
      p('192.0.2.3', { product: 'OpenSSH', version: '8.9p1', protocol: 'udp' }), p('192.0.2.4'), p('nope', { product: 'OpenSSH', version: '8.9p1' }),
    ]);
    expect(sut).toEqual([
      { product: 'OpenSSH', version: '8.9p1', banner: '', cpes: [], port: 22, protocol: 'tcp', n: 2 },
      { product: 'OpenSSH', version: '8.9p1', banner: '', cpes: [], port: 22, protocol: 'udp', n: 1 },
    ]);
  });

  it('merges what is stored alike (a NUL, CPEs past the 16th) and keeps apart what is not ([] and [""])', () => {
    const cpes = Array.from({ length: 16 }, (_, i) => `cpe:/a:x:y:${i}`);
    const sut = detectionsOfPorts([
      p('192.0.2.1', { product: 'Open\u0000SSH', cpes }), p('192.0.2.2', { product: 'OpenSSH', cpes: [...cpes, 'cpe:/a:extra'] }),
      p('192.0.2.3', { banner: 'x', cpes: [] }), p('192.0.2.4', { banner: 'x', cpes: [''] }),
      // Both reach PostgreSQL as U+FFFD (a numeric character reference in hostile XML can make a lone surrogate).
      p('192.0.2.5', { banner: 'a\uD800' }), p('192.0.2.6', { banner: 'a\uDC00' }),
    ]);
    expect(sut.map((d) => [d.product, d.banner, d.cpes.length, d.n])).toEqual([
      ['OpenSSH', '', 16, 2], ['', 'x', 0, 1], ['', 'x', 1, 1], ['', 'a\uFFFD', 0, 2],
    ]);
  });
});
