// parsePortSpec and friends: the grammar of DESIGN §4, merging, exclusions, protocols, and bad tokens.
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../scanner/errors.js';
import { expandPorts, formatPortRanges, parsePortSpec, portCount } from '../../scanner/ports.js';
import { mergeRanges, subtractRanges } from '../../scanner/port-ranges.js';
import { TOP_TCP_100, TOP_TCP_1000, TOP_UDP_100 } from '../../scanner/top-ports.js';
import type { ProtocolChoice } from '../../scanner/types.js';

function failure(text: string, protocol?: ProtocolChoice): ScannerError {
  try {
    parsePortSpec(text, protocol);
  } catch (error) {
    if (error instanceof ScannerError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parsePortSpec', () => {
  it('parses single ports and ranges, sorted and merged', () => {
    const spec = parsePortSpec('8000-8100,443,80,8050-8200,81,79');
    expect(spec.tcp).toEqual([[79, 81], [443, 443], [8000, 8200]]);
    expect(spec.udp).toEqual([]);
    expect(spec.source).toBe('8000-8100,443,80,8050-8200,81,79');
    expect(formatPortRanges(spec.tcp)).toBe('79-81,443,8000-8200');
  });

  it('tolerates spaces around items, dashes and prefixes, and stray commas', () => {
    expect(parsePortSpec(' 80 , 8000 - 8010, U: 53,').tcp).toEqual([[80, 80], [8000, 8010]]);
    expect(parsePortSpec(' 80 , 8000 - 8010, U: 53,').udp).toEqual([[53, 53]]);
  });

  it('removes !22 exclusions and keeps them in excluded', () => {
    const spec = parsePortSpec('1-100,!22,!50-60');
    expect(spec.tcp).toEqual([[1, 21], [23, 49], [61, 100]]);
    expect(spec.excluded).toEqual({ tcp: [[22, 22], [50, 60]], udp: [] });
    expect(portCount(spec)).toBe(100 - 1 - 11);
  });

  it('applies exclusions wherever they are written', () => {
    expect(parsePortSpec('!80,79-81').tcp).toEqual([[79, 79], [81, 81]]);
  });

  it('reads U: and T: prefixes whatever the protocol choice', () => {
    const spec = parsePortSpec('U:53,T:80,U:1000-1010,u:161,!U:1005');
    expect(spec.tcp).toEqual([[80, 80]]);
    expect(spec.udp).toEqual([[53, 53], [161, 161], [1000, 1004], [1006, 1010]]);
    expect(spec.excluded.udp).toEqual([[1005, 1005]]);
    expect(parsePortSpec('T:22', 'udp')).toMatchObject({ tcp: [[22, 22]], udp: [] });
    expect(parsePortSpec('U:!53,U:50-60').udp).toEqual([[50, 52], [54, 60]]);
  });

  it('gives plain tokens the protocol choice', () => {
    expect(parsePortSpec('53', 'udp')).toMatchObject({ tcp: [], udp: [[53, 53]] });
    expect(parsePortSpec('53,!54,50-60', 'both')).toMatchObject({
      tcp: [[50, 53], [55, 60]],
      udp: [[50, 53], [55, 60]],
      excluded: { tcp: [[54, 54]], udp: [[54, 54]] },
    });
    expect(portCount(parsePortSpec('80,443', 'both'))).toBe(4);
  });

  it('expands top100, top1000 and all', () => {
    const top100 = parsePortSpec('top100');
    expect(portCount(top100)).toBe(100);
    expect(expandPorts(top100.tcp)).toEqual([...TOP_TCP_100].sort((a, b) => a - b));
    expect(portCount(parsePortSpec('TOP1000'))).toBe(1000);
    expect(expandPorts(parsePortSpec('top1000').tcp)).toEqual([...TOP_TCP_1000].sort((a, b) => a - b));
    expect(expandPorts(parsePortSpec('top100', 'udp').udp)).toEqual([...TOP_UDP_100].sort((a, b) => a - b));
    expect(parsePortSpec('all').tcp).toEqual([[1, 65535]]);
    expect(portCount(parsePortSpec('all,!22', 'both'))).toBe(2 * 65534);
    expect(portCount(parsePortSpec('top100,!80'))).toBe(99);
    expect(parsePortSpec('top100,U:top100')).toMatchObject({ udp: expect.arrayContaining([[53, 53]]) });
  });

  it.each([
    ['80-', /"80-"/, /not a port number/],
    ['-80', /"-80"/, /not a port number/],
    ['abc', /"abc"/, /not a port number/],
    ['70000', /"70000"/, /out of range/],
    ['0', /"0"/, /out of range: ports go from 1 to 65535/],
    ['0-100', /"0-100"/, /out of range/],
    ['65536', /"65536"/, /out of range/],
    ['100-80', /"100-80"/, /backwards, write 80-100/],
    ['80 443', /"80 443"/, /separate ports with commas/],
    ['80;443', /"80;443"/, /not a port number/],
    ['1e3', /"1e3"/, /not a port number/],
    ['0x50', /"0x50"/, /not a port number/],
    ['+80', /"\+80"/, /not a port number/],
    ['X:80', /"X:80"/, /not a port number/],
    ['U:', /"U:"/, /no port after the prefix/],
    ['!', /"!"/, /no port/],
    ['!!22', /"!!22"/, /one "!" is enough/],
    ['!U:!22', /"!U:!22"/, /one "!" is enough/],
    ['80-90-100', /"80-90-100"/, /not a port number/],
    ['top50', /"top50"/, /not a port number/],
    ['80,,443,abc', /"abc"/, /not a port number/],
    ['0000000000080', /"0000000000080"/, /not a port number/],
  ])('refuses %j naming the offending token, with an example', (text, token, why) => {
    const error = failure(text);
    expect(error.code).toBe('PORT_SPEC_INVALID');
    expect(error.message).toMatch(token);
    expect(error.message).toMatch(why);
    expect(error.message).toContain('ports=80,443,8000-8100,!22');
  });

  it('refuses empty specs and specs whose exclusions leave nothing', () => {
    expect(failure('').message).toMatch(/no ports given/);
    expect(failure('  ').message).toMatch(/no ports given/);
    expect(failure('!22').message).toMatch(/only excludes ports/);
    expect(failure('22,!22').message).toMatch(/exclusions remove every port/);
    expect(failure('80-90,!1-1000').code).toBe('PORT_SPEC_INVALID');
    expect(failure('U:53,!U:53', 'both').code).toBe('PORT_SPEC_INVALID');
  });

  it('refuses absurdly long input without echoing all of it', () => {
    const error = failure('80,'.repeat(10_000));
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('port range helpers', () => {
  it('merges adjacent and contained ranges', () => {
    expect(mergeRanges([[5, 10], [1, 3], [4, 4], [6, 7], [12, 12]])).toEqual([[1, 10], [12, 12]]);
  });

  it('subtracts several cuts from several ranges', () => {
    expect(subtractRanges([[1, 10], [20, 30]], [[0, 1], [5, 6], [10, 21], [30, 40]])).toEqual([
      [2, 4],
      [7, 9],
      [22, 29],
    ]);
    expect(subtractRanges([[1, 65535]], [])).toEqual([[1, 65535]]);
  });

  it('formats and expands', () => {
    expect(formatPortRanges([[80, 80], [443, 443], [8000, 8100]])).toBe('80,443,8000-8100');
    expect(formatPortRanges([])).toBe('');
    expect(expandPorts([[1, 3], [7, 7]])).toEqual([1, 2, 3, 7]);
    expect(expandPorts([[1, 65535]])).toHaveLength(65535);
  });
});
