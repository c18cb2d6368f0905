// parseTargets: parsing, normalisation, the safety policy of DESIGN §4 and the size cap.
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../scanner/errors.js';
import { formatTargets, parseTargets, type TargetPolicy } from '../../scanner/targets.js';

const open: TargetPolicy = { allow: [], deny: [] };

function failure(text: string, policy: TargetPolicy = open): ScannerError {
  try {
    parseTargets(text, policy);
  } catch (error) {
    if (error instanceof ScannerError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('parseTargets: parsing and normalisation', () => {
  it('parses IPv4 and IPv6 addresses and CIDRs with their sizes', () => {
    const ranges = parseTargets('8.8.8.8, 93.184.216.0/24,2606:4700::1111, 2606:4700::/120', open);
    expect(ranges).toEqual([
      { cidr: '8.8.8.8', family: 4, size: 1n },
      { cidr: '93.184.216.0/24', family: 4, size: 256n },
      { cidr: '2606:4700::1111', family: 6, size: 1n },
      { cidr: '2606:4700::/120', family: 6, size: 256n },
    ]);
  });

  it('normalises /32 and /128 to the bare address and IPv6 to its compressed form', () => {
    expect(formatTargets(parseTargets('8.8.4.4/32,2606:4700:0000:0000:0000:0000:0000:1111/128', open))).toEqual([
      '8.8.4.4',
      '2606:4700::1111',
    ]);
    expect(formatTargets(parseTargets('2606:4700:0:0:0:0:0:0/112', open))).toEqual(['2606:4700::/112']);
  });

  it('removes duplicates and targets nested in another target, keeping the order given', () => {
    const ranges = parseTargets('1.1.1.1,93.184.216.34,93.184.216.0/24,1.1.1.1/32, 93.184.216.0/25,1.1.1.1', open);
    expect(formatTargets(ranges)).toEqual(['1.1.1.1', '93.184.216.0/24']);
    expect(ranges.reduce((sum, r) => sum + r.size, 0n)).toBe(257n);
  });

  it('accepts spaces, newlines and stray commas as separators', () => {
    expect(formatTargets(parseTargets('  1.1.1.1 ,\n 8.8.8.8,, ', open))).toEqual(['1.1.1.1', '8.8.8.8']);
  });

  it('refuses empty input', () => {
    expect(failure('').code).toBe('TARGET_INVALID');
    expect(failure(' , ,').message).toMatch(/No targets given/);
  });

  it.each([
    ['abc', /not a valid target/],
    ['example.com', /host names are not resolved/],
    ['1.2.3', /four-part IPv4/],
    ['256.1.1.1', /four-part IPv4/],
    ['010.0.0.1', /four-part IPv4/],
    ['0x7f.0.0.1', /host names|four-part/],
    ['2130706433', /four-part IPv4/],
    ['1.1.1.1/33', /prefix length must be a number from 0 to 32/],
    ['1.1.1.1/-1', /prefix length/],
    ['1.1.1.1/', /prefix length/],
    ['1.1.1.0/2x', /prefix length/],
    ['1.1.1.0 /24', /"\/24"/],
    ['2606:4700::/129', /0 to 128/],
    ['2606:4700:::1', /not an IPv6 address/],
    ['fe80::1%eth0', /zone ids/],
    ['1.1.1.1-1.1.1.9', /four-part IPv4/],
  ])('refuses the malformed target %s as TARGET_INVALID naming it', (text, why) => {
    const error = failure(text);
    expect(error.code).toBe('TARGET_INVALID');
    expect(error.message).toMatch(why);
  });

  it('names the offending item among valid ones', () => {
    const error = failure('1.1.1.1,bogus,8.8.8.8');
    expect(error.message).toContain('"bogus"');
  });

  it('refuses a CIDR with host bits set and suggests the network address', () => {
    const error = failure('93.184.216.34/24');
    expect(error.code).toBe('TARGET_INVALID');
    expect(error.message).toContain('93.184.216.0/24');
    const v6 = failure('2606:4700::1111/112');
    expect(v6.message).toContain('2606:4700::/112');
  });
});

describe('parseTargets: safety policy', () => {
  it.each([
    ['10.0.0.0/8', 'private'],
    ['10.1.2.3', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.0/24', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.251', 'multicast'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.7', 'documentation'],
    ['198.18.1.2', 'benchmarking'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:10.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['fd00::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2002:c0a8:101::1', '6to4'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['64:ff9b::a00:1', 'NAT64'],
    ['4000::1', 'outside global unicast'],
  ])('refuses %s (%s) with the SCOPE_ALLOW hint', (target, kind) => {
    const error = failure(target);
    expect(error.code).toBe('TARGET_REFUSED');
    expect(error.message).toContain(`Target ${target} is refused`);
    expect(error.message).toContain(kind);
    expect(error.message).toContain('ask an admin to add it to SCOPE_ALLOW');
  });

  it('tells IPv4-mapped targets to use the IPv4 form', () => {
    expect(failure('::ffff:8.8.8.8').message).toContain('Write IPv4 targets as IPv4 addresses (8.8.8.8)');
  });

  it('allows refused space once SCOPE_ALLOW covers it', () => {
    const allow = { allow: ['10.0.0.0/8'], deny: [] };
    expect(formatTargets(parseTargets('10.1.2.0/24', allow))).toEqual(['10.1.2.0/24']);
    expect(parseTargets('10.0.0.0/8', { ...allow, maxAddresses: 2 ** 24 })[0]?.size).toBe(16_777_216n);
  });

  it('allows 198.18.1.2 only via SCOPE_ALLOW', () => {
    expect(failure('198.18.1.2').code).toBe('TARGET_REFUSED');
    expect(formatTargets(parseTargets('198.18.1.2', { allow: ['198.18.0.0/15'], deny: [] }))).toEqual(['198.18.1.2']);
    expect(formatTargets(parseTargets('198.18.1.0/24', { allow: ['198.18.1.2', '198.18.1.0/24'], deny: [] }))).toEqual([
      '198.18.1.0/24',
    ]);
    expect(failure('198.18.1.0/24', { allow: ['198.18.1.2'], deny: [] }).code).toBe('TARGET_REFUSED');
  });

  it('allows a target covered by the union of several SCOPE_ALLOW CIDRs', () => {
    const policy = { allow: ['10.0.0.0/25', '10.0.0.128/25'], deny: [] };
    expect(formatTargets(parseTargets('10.0.0.0/24', policy))).toEqual(['10.0.0.0/24']);
  });

  it('refuses a range mixing public and private space, naming the private part', () => {
    const error = failure('10.0.0.0/7');
    expect(error.code).toBe('TARGET_REFUSED');
    expect(error.message).toContain('10.0.0.0/8');
    const mixed = failure('172.0.0.0/8', { allow: [], deny: [], maxAddresses: 2 ** 24 });
    expect(mixed.message).toContain('172.16.0.0/12');
  });

  it('accepts a mixed range only once SCOPE_ALLOW covers all of its non-public part', () => {
    const policy = { allow: ['10.0.0.0/8'], deny: [], maxAddresses: 2 ** 25 };
    expect(formatTargets(parseTargets('11.0.0.0/8', policy))).toEqual(['11.0.0.0/8']);
    expect(formatTargets(parseTargets('10.0.0.0/7', policy))).toEqual(['10.0.0.0/7']);
    // 8.0.0.0/6 = 8/8 .. 11/8 with 10/8 allowed: the rest is public, so it passes the policy (not the cap).
    expect(failure('8.0.0.0/6', policy).code).toBe('TARGETS_TOO_LARGE');
    expect(failure('0.0.0.0/4', policy).code).toBe('TARGET_REFUSED');
  });

  it('refuses the whole address space (/0) in both families', () => {
    expect(failure('0.0.0.0/0').code).toBe('TARGET_REFUSED');
    expect(failure('::/0').code).toBe('TARGET_REFUSED');
    const everything = { allow: ['0.0.0.0/0', '::/0'], deny: [] };
    expect(failure('0.0.0.0/0', everything).code).toBe('TARGETS_TOO_LARGE');
  });

  it('ignores malformed entries in the policy lists instead of widening them', () => {
    expect(failure('10.0.0.1', { allow: ['not-a-cidr', '10.1', '010.0.0.1'], deny: [] }).code).toBe('TARGET_REFUSED');
  });

  it('refuses targets entirely inside SCOPE_DENY and allows partial overlap', () => {
    const policy = { allow: [], deny: ['93.184.216.0/25', '93.184.216.128/25'] };
    const inside = failure('93.184.216.34', policy);
    expect(inside.code).toBe('TARGET_REFUSED');
    expect(inside.message).toContain('SCOPE_DENY (93.184.216.0/25)');
    expect(failure('93.184.216.0/24', policy).code).toBe('TARGET_REFUSED');
    expect(formatTargets(parseTargets('93.184.216.0/23', policy))).toEqual(['93.184.216.0/23']);
  });

  it('reads policy CIDRs with host bits set as their network, so a sloppy SCOPE_DENY still denies', () => {
    expect(failure('93.184.216.34', { allow: [], deny: ['93.184.216.1/24'] }).code).toBe('TARGET_REFUSED');
    expect(parseTargets('10.1.1.1', { allow: ['10.0.0.5/8'], deny: [] })).toHaveLength(1);
  });

  it('applies SCOPE_DENY to allowed private space too', () => {
    expect(failure('10.9.9.9', { allow: ['10.0.0.0/8'], deny: ['10.9.0.0/16'] }).code).toBe('TARGET_REFUSED');
  });
});

describe('parseTargets: size cap', () => {
  it('accepts exactly a /16 and refuses a /15, suggesting to split', () => {
    expect(parseTargets('44.0.0.0/16', open)[0]?.size).toBe(65_536n);
    const error = failure('44.0.0.0/15');
    expect(error.code).toBe('TARGETS_TOO_LARGE');
    expect(error.message).toContain('44.0.0.0/15');
    expect(error.message).toContain('131,072');
    expect(error.message).toContain('Split it into smaller ranges');
  });

  it('caps the total over all targets after removing duplicates', () => {
    expect(parseTargets('44.0.0.0/17,44.0.128.0/17,44.0.0.0/17', open)).toHaveLength(2);
    const error = failure('44.0.0.0/16,45.0.0.1');
    expect(error.code).toBe('TARGETS_TOO_LARGE');
    expect(error.message).toContain('65,537');
  });

  it('honours a custom maxAddresses', () => {
    expect(failure('44.0.0.0/24', { allow: [], deny: [], maxAddresses: 100 }).code).toBe('TARGETS_TOO_LARGE');
    expect(parseTargets('44.0.0.0/26', { allow: [], deny: [], maxAddresses: 100 })).toHaveLength(1);
  });

  it('refuses IPv6 prefixes shorter than /112 whatever the cap', () => {
    expect(parseTargets('2606:4700::/112', open)[0]?.size).toBe(65_536n);
    const error = failure('2606:4700::/64', { allow: [], deny: [], maxAddresses: 2 ** 40 });
    expect(error.code).toBe('TARGETS_TOO_LARGE');
    expect(error.message).toContain('/112 or longer');
  });
});
