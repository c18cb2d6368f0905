// The registered scope: normaliseCidr and isInsideScope, IPv4 and IPv6.
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../scanner/errors.js';
import { isInsideScope, normaliseCidr } from '../../scanner/scope.js';
import { parseTargets } from '../../scanner/targets.js';
import type { TargetRange } from '../../scanner/types.js';

const target = (text: string): TargetRange => {
  const [range] = parseTargets(text, { allow: ['0.0.0.0/0', '::/0'], deny: [], maxAddresses: 2 ** 24 });
  if (!range) throw new Error('no range');
  return range;
};

describe('normaliseCidr', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0/24'],
    [' 203.0.113.5 ', '203.0.113.5/32'],
    ['2001:DB8:0:0::/64', '2001:db8::/64'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseCidr(input)).toBe(expected);
  });

  it.each(['', 'abc', '203.0.113.5/24', '10.0.0.0/33', '1.2.3.4/x'])('refuses %j with TARGET_INVALID', (input) => {
    expect(() => normaliseCidr(input)).toThrow(ScannerError);
    try {
      normaliseCidr(input);
    } catch (error) {
      expect((error as ScannerError).code).toBe('TARGET_INVALID');
    }
  });

  it('suggests the network address when host bits are set', () => {
    expect(() => normaliseCidr('203.0.113.5/24')).toThrow(/203\.0\.113\.0\/24/);
  });
});

describe('isInsideScope', () => {
  const scope = ['198.18.0.0/24', '198.18.1.0/24', '10.0.0.0/8', '2001:db8:1::/48', 'garbage'];

  it('accepts a target inside one scope CIDR', () => {
    expect(isInsideScope(target('10.2.3.4'), scope)).toBe(true);
    expect(isInsideScope(target('10.2.3.0/24'), scope)).toBe(true);
    expect(isInsideScope(target('2001:db8:1:2::/112'), scope)).toBe(true);
  });

  it('accepts a target covered by adjacent scope CIDRs together', () => {
    expect(isInsideScope(target('198.18.0.0/23'), scope)).toBe(true);
  });

  it('refuses targets reaching outside the scope', () => {
    expect(isInsideScope(target('198.18.0.0/22'), scope)).toBe(false);
    expect(isInsideScope(target('11.0.0.1'), scope)).toBe(false);
    expect(isInsideScope(target('2001:db8:2::1'), scope)).toBe(false);
  });

  it('never matches across families', () => {
    expect(isInsideScope(target('::ffff:10.0.0.1'), ['10.0.0.0/8'])).toBe(false);
    expect(isInsideScope(target('10.0.0.1'), ['::/0'])).toBe(false);
  });

  it('is false for an empty scope and for malformed target text', () => {
    expect(isInsideScope(target('10.0.0.1'), [])).toBe(false);
    expect(isInsideScope({ cidr: 'nonsense', family: 4, size: 1n }, ['0.0.0.0/0'])).toBe(false);
  });
});
