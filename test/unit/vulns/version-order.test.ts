// Version ordering for the schemes the real records use, and the records' own ranges: each bound of a
// shared NVD record is checked with versions just inside and just outside it.
import { describe, expect, it } from 'vitest';
import { detectSoftware } from '../../../vulns/detected-software.js';
import { matchSoftware } from '../../../vulns/matcher.js';
import { compareVersions, inRange } from '../../../vulns/version-order.js';
import { allRecords, record } from '../../helpers/vulndata.js';

const sign = (n: number) => Math.sign(n) || 0;

describe('compareVersions', () => {
  it.each([
    ['8.9p1', '9.8p1', -1], ['9.8p1', '9.8', 1], ['9.8', '9.8p1', -1], ['2.4.49', '2.4.50', -1], ['2.4.9', '2.4.10', -1],
    ['1.3.3', '1.3.3c', -1], ['1.3.3b', '1.3.3c', -1], ['1.3.3c', '1.3.4', -1], ['1.3.3rc4', '1.3.3', -1], ['1.3.3rc3', '1.3.3rc4', -1],
    ['4.92.3', '4.92', 1], ['4.92.3', '4.93', -1], ['7.0.15', '7.0.4', 1], ['7.0.15', '7.2.0', -1], ['1.20.0', '1.20', 1],
    ['2.3.4', '2.3.4', 0], ['5.7.44', '8.0.0', -1], ['7.2p2', '7.4', -1], ['1.0.1f', '1.0.1g', -1], ['1.0.1', '1.0.1a', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(compareVersions(a, b))).toBe(expected);
    expect(sign(compareVersions(b, a))).toBe(-expected || 0);
  });
});

/** Every range bound in the shared records: a version on the bound and one step either side. */
describe('the records’ own ranges', () => {
  const ranges = allRecords().flatMap((r) => r.configurations.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.filter((m) => m.vulnerable && (m.versionEndExcluding || m.versionEndIncluding)).map((m) => ({ id: r.cveId, m })))));

  it('there are ranges to check', () => {
    expect(ranges.length).toBeGreaterThan(30);
  });

  it.each(ranges.map((r) => [r.id, r.m.criteria, r.m] as const))('%s %s', (_id, _criteria, m) => {
    const range = {
      ...(m.versionStartIncluding ? { startIncluding: m.versionStartIncluding } : {}),
      ...(m.versionStartExcluding ? { startExcluding: m.versionStartExcluding } : {}),
      ...(m.versionEndIncluding ? { endIncluding: m.versionEndIncluding } : {}),
      ...(m.versionEndExcluding ? { endExcluding: m.versionEndExcluding } : {}),
    };
    if (m.versionEndExcluding) {
      expect(inRange(m.versionEndExcluding, range)).toBe(false);
      expect(inRange(`${m.versionEndExcluding}.1`, range)).toBe(false);
    }
    if (m.versionEndIncluding) {
      expect(inRange(m.versionEndIncluding, range)).toBe(m.versionStartExcluding !== m.versionEndIncluding);
      expect(inRange(`${m.versionEndIncluding}.1`, range)).toBe(false);
    }
    if (m.versionStartIncluding) {
      expect(inRange(m.versionStartIncluding, range)).toBe(true);
    }
  });
});

const sw = (port: Parameters<typeof detectSoftware>[0]) => {
  const found = detectSoftware(port)[0];
  if (!found) throw new Error('no software detected');
  return found;
};
const ids = (port: Parameters<typeof detectSoftware>[0], cves: string[]) => matchSoftware(sw(port), cves.map(record)).map((m) => m.cveId).sort();

describe('matching real records', () => {
  it('OpenSSH 8.9p1 (nmap CPE) is hit by regreSSHion with the fix 9.8p1; 9.8p1 is not', () => {
    const old = matchSoftware(sw({ product: 'OpenSSH', version: '8.9p1', cpes: ['cpe:/a:openbsd:openssh:8.9p1'] }), [record('CVE-2024-6387')]);
    expect(old).toEqual([{ cveId: 'CVE-2024-6387', fixedIn: '9.8p1', affectedThrough: null, conditionalOn: [] }]);
    expect(ids({ product: 'OpenSSH', version: '9.8p1', cpes: ['cpe:/a:openbsd:openssh:9.8p1'] }, ['CVE-2024-6387'])).toEqual([]);
    // 8.5p1 is outside the 8.6–9.8 range but listed exactly as `8.5:p1`.
    expect(ids({ product: 'OpenSSH', version: '8.5p1' }, ['CVE-2024-6387'])).toEqual(['CVE-2024-6387']);
    expect(ids({ product: 'OpenSSH', version: '8.4p1' }, ['CVE-2024-6387'])).toEqual([]);
  });

  it('Apache httpd 2.4.49 matches the path traversal CVEs, 2.4.50 only the second, 2.4.62 neither', () => {
    const cves = ['CVE-2021-41773', 'CVE-2021-42013', 'CVE-2021-40438', 'CVE-2024-38476'];
    expect(ids({ product: 'Apache httpd', version: '2.4.49', cpes: ['cpe:/a:apache:http_server:2.4.49'] }, cves)).toEqual(['CVE-2021-41773', 'CVE-2021-42013']);
    expect(ids({ product: 'Apache httpd', version: '2.4.50' }, cves)).toEqual(['CVE-2021-42013']);
    // CVE-2021-40438 runs through 2.4.48 (versionEndIncluding).
    expect(ids({ product: 'Apache httpd', version: '2.4.48' }, cves)).toEqual(['CVE-2021-40438']);
    expect(ids({ product: 'Apache httpd', version: '2.4.62', cpes: ['cpe:/a:apache:http_server:2.4.62'] }, cves)).toEqual([]);
  });

  it('vsftpd: nmap’s vendor (beasts) is NVD’s vsftpd_project; the OS-only configuration says nothing about 2.3.5', () => {
    expect(ids({ product: 'vsftpd', version: '2.3.4', cpes: ['cpe:/a:beasts:vsftpd:2.3.4'] }, ['CVE-2011-2523'])).toEqual(['CVE-2011-2523']);
    expect(ids({ product: 'vsftpd', version: '2.3.5', cpes: ['cpe:/a:beasts:vsftpd:2.3.5'] }, ['CVE-2011-2523'])).toEqual([]);
  });

  it('ProFTPD letter releases sit in the update field: 1.3.3c is not listed by CVE-2010-4221, 1.3.3b is', () => {
    expect(ids({ product: 'ProFTPD', version: '1.3.3b' }, ['CVE-2010-4221'])).toEqual(['CVE-2010-4221']);
    expect(ids({ product: 'ProFTPD', version: '1.3.2e' }, ['CVE-2010-4221'])).toEqual(['CVE-2010-4221']);
    // `1.3.3:*` is listed too, so every 1.3.3 update matches by the CPE rules.
    expect(ids({ product: 'ProFTPD', version: '1.3.3c' }, ['CVE-2010-4221'])).toEqual(['CVE-2010-4221']);
    expect(ids({ product: 'ProFTPD', version: '1.3.4' }, ['CVE-2010-4221'])).toEqual([]);
  });

  it('Exim 4.92.3 and Redis 7.0.15 against their ranges', () => {
    expect(ids({ product: 'Exim smtpd', version: '4.92.3' }, ['CVE-2019-10149', 'CVE-2020-28017'])).toEqual(['CVE-2020-28017']);
    expect(ids({ product: 'Redis key-value store', version: '7.0.15' }, ['CVE-2025-49844', 'CVE-2023-28856'])).toEqual(['CVE-2025-49844']);
  });

  it('nginx: nmap’s igor_sysoev vendor finds f5:nginx records', () => {
    expect(ids({ product: 'nginx', version: '1.18.0', cpes: ['cpe:/a:igor_sysoev:nginx:1.18.0'] }, ['CVE-2021-23017'])).toEqual(['CVE-2021-23017']);
  });

  it('Redis on a platform: CVE-2022-0543 lists `redis:-` (no version), which a versioned Redis does not match', () => {
    expect(ids({ product: 'Redis key-value store', version: '5.0.7' }, ['CVE-2022-0543'])).toEqual([]);
  });

  it('records without configurations or with only CVSS v2 are read, and match nothing or by v2', () => {
    expect(record('CVE-2023-48795').configurations).toEqual([]);
    expect(record('CVE-2023-48795').cvss).toBeNull();
    expect(record('CVE-2010-4221').cvss).toMatchObject({ version: '2.0', score: 10 });
    expect(ids({ product: 'OpenSSH', version: '9.5p1' }, ['CVE-2023-48795'])).toEqual([]);
  });
});

describe('detected software', () => {
  it('a Debian revision: upstream version compared, distribution named', () => {
    const s = sw({ product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3 (protocol 2.0)' });
    expect(s).toMatchObject({ version: '9.2p1', distribution: 'Debian', source: 'service' });
  });

  it('Apache httpd 2.4.6 ((CentOS))', () => {
    expect(sw({ product: 'Apache httpd', version: '2.4.6 ((CentOS))' })).toMatchObject({ version: '2.4.6', distribution: 'CentOS' });
  });

  it('a banner alone', () => {
    expect(sw({ banner: 'SSH-2.0-OpenSSH_8.9p1' })).toMatchObject({ name: 'OpenSSH', version: '8.9p1', source: 'banner' });
    expect(sw({ banner: 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.49 (Unix)\r\n' })).toMatchObject({ name: 'Apache httpd', version: '2.4.49', source: 'banner' });
  });
});
