// deriveFindings with the real rule table on open ports as nmap -sV and masscan report them.
import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../scanner/rules/index.js';
import type { OpenPort } from '../../scanner/types.js';

const PUBLIC = '93.184.216.34';
const open = (port: number, extra: Partial<OpenPort> = {}): OpenPort => ({ ip: PUBLIC, port, protocol: 'tcp', state: 'open', ...extra });
const one = (port: OpenPort) => {
  const findings = deriveFindings([port]);
  expect(findings.length).toBeGreaterThan(0);
  return findings[0]!;
};
const ids = (port: OpenPort) => deriveFindings([port]).map((f) => f.ruleId);

// Real ssh2-enum-algos output of OpenSSH 9.2p1 (Debian 12), captured with nmap 7.93 against a local sshd.
const MODERN_SSH_ALGOS =
  '\n  kex_algorithms: (12)\n      sntrup761x25519-sha512\n      sntrup761x25519-sha512@openssh.com\n      curve25519-sha256\n      curve25519-sha256@libssh.org\n      ecdh-sha2-nistp256\n      ecdh-sha2-nistp384\n      ecdh-sha2-nistp521\n      diffie-hellman-group-exchange-sha256\n      diffie-hellman-group16-sha512\n      diffie-hellman-group18-sha512\n      diffie-hellman-group14-sha256\n      kex-strict-s-v00@openssh.com\n  server_host_key_algorithms: (1)\n      ssh-ed25519\n  encryption_algorithms: (6)\n      chacha20-poly1305@openssh.com\n      aes128-ctr\n      aes192-ctr\n      aes256-ctr\n      aes128-gcm@openssh.com\n      aes256-gcm@openssh.com\n  mac_algorithms: (10)\n      umac-64-etm@openssh.com\n      umac-128-etm@openssh.com\n      hmac-sha2-256-etm@openssh.com\n      hmac-sha2-512-etm@openssh.com\n      hmac-sha1-etm@openssh.com\n      umac-64@openssh.com\n      umac-128@openssh.com\n      hmac-sha2-256\n      hmac-sha2-512\n      hmac-sha1\n  compression_algorithms: (2)\n      none\n      zlib@openssh.com';
const OLD_SSH_ALGOS = MODERN_SSH_ALGOS.replace('diffie-hellman-group14-sha256', 'diffie-hellman-group14-sha1').replace('aes256-ctr', 'aes256-cbc');

describe('exposed databases and caches are critical', () => {
  it.each([
    [3306, { service: 'mysql', product: 'MySQL', version: '8.0.36-0ubuntu0.22.04.1' }, 'exposed-mysql'],
    [5432, { service: 'postgresql', product: 'PostgreSQL DB', version: '9.6.0 or later' }, 'exposed-postgresql'],
    [6379, { service: 'redis', product: 'Redis key-value store' }, 'exposed-redis'],
    [9200, { service: 'http', product: 'Elasticsearch REST API', version: '7.17.9 (name: es01; cluster: docker-cluster)' }, 'exposed-elasticsearch'],
    [27017, { service: 'mongodb', product: 'MongoDB', version: '6.0.5' }, 'exposed-mongodb'],
    [11211, { service: 'memcache' }, 'exposed-memcached'],
  ])('port %i (%o) → %s', (port, seen, rule) => {
    const finding = one(open(port, seen));
    expect(finding.ruleId).toBe(rule);
    expect(finding.severity).toBe('critical');
    expect(finding.port).toBe(port);
    expect(finding.ip).toBe(PUBLIC);
    expect(finding.remediation).toMatch(/firewall/);
  });

  it('matches by port alone when nothing identified the service (masscan without banners)', () => {
    for (const port of [3306, 5432, 6379, 9200, 27017, 11211]) expect(one(open(port)).severity).toBe('critical');
  });

  it('matches by service name on another port: redis on 16379 (as nmap -sV reported it locally)', () => {
    const finding = one(open(16379, { service: 'redis', product: 'Redis key-value store' }));
    expect(finding).toMatchObject({ ruleId: 'exposed-redis', severity: 'critical', port: 16379 });
    expect(finding.title).toBe('Redis exposed to the network on 16379/tcp');
    expect(finding.evidence).toBe(`${PUBLIC}:16379/tcp is open; seen: service redis, product "Redis key-value store"`);
  });

  it('matches by banner: masscan seeing an Elasticsearch answer on 19200', () => {
    const banner = 'HTTP/1.0 200 OK\r\ncontent-type: application/json\r\n\r\n{ "name" : "es01", "cluster_name" : "docker-cluster" }';
    expect(one(open(19200, { service: 'http', banner })).ruleId).toBe('exposed-elasticsearch');
  });

  it('does not call a well-known port a database when -sV identified something else there', () => {
    const finding = one(open(3306, { service: 'http', product: 'nginx', version: '1.25.3' }));
    expect(finding.ruleId).not.toBe('exposed-mysql');
    expect(finding.severity).not.toBe('critical');
  });
});

describe('remote administration and control planes', () => {
  it.each([
    [23, { service: 'telnet', product: 'Linux telnetd' }, 'exposed-telnet', 'high'],
    [445, { service: 'microsoft-ds' }, 'exposed-smb', 'high'],
    [139, { service: 'netbios-ssn', product: 'Samba smbd', version: '4.6.2' }, 'exposed-smb', 'high'],
    [3389, { service: 'ms-wbt-server', product: 'Microsoft Terminal Services' }, 'exposed-rdp', 'high'],
    [5901, { service: 'vnc', product: 'VNC', version: '(protocol 3.8)' }, 'exposed-vnc', 'high'],
    [5905, {}, 'exposed-vnc', 'high'],
    [2375, { service: 'docker', product: 'Docker', version: '24.0.7' }, 'exposed-docker-api', 'critical'],
    [2376, { service: 'ssl/docker' }, 'exposed-docker-api-tls', 'high'],
    [6443, { service: 'ssl/sun-sr-https' }, 'exposed-kubernetes-api', 'high'],
    [10250, {}, 'exposed-kubelet', 'critical'],
  ])('port %i (%o) → %s, %s', (port, seen, rule, severity) => {
    expect(one(open(port, seen))).toMatchObject({ ruleId: rule, severity });
  });
});

describe('vulnerable and end-of-life versions', () => {
  it.each([
    [22, { service: 'ssh', product: 'OpenSSH', version: '7.2p2 Ubuntu 4ubuntu2.8 (Ubuntu Linux; protocol 2.0)' }, 'outdated-openssh', 'high'],
    [80, { service: 'http', product: 'Apache httpd', version: '2.2.15 ((CentOS))' }, 'eol-apache-httpd', 'high'],
    [80, { service: 'http', product: 'nginx', version: '1.18.0 (Ubuntu)' }, 'outdated-nginx', 'high'],
    [21, { service: 'ftp', product: 'vsftpd', version: '2.3.4' }, 'vsftpd-backdoor', 'critical'],
    [21, { service: 'ftp', product: 'ProFTPD', version: '1.3.3c' }, 'proftpd-backdoor', 'critical'],
    [443, { service: 'http', product: 'Apache httpd', version: '2.4.6 ((CentOS) OpenSSL/1.0.2k-fips PHP/5.4.16)' }, 'eol-openssl', 'high'],
  ])('port %i %o → %s', (port, seen, rule, severity) => {
    expect(ids(open(port, seen))).toContain(rule);
    expect(one(open(port, seen)).severity).toBe(severity);
  });

  it('reads versions from masscan banners when there is no product', () => {
    expect(one(open(22, { service: 'ssh', banner: 'SSH-2.0-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2.13' })).ruleId).toBe('outdated-openssh');
    expect(one(open(21, { service: 'ftp', banner: '220 (vsFTPd 2.3.4)' })).ruleId).toBe('vsftpd-backdoor');
    expect(ids(open(8080, { service: 'http', banner: 'HTTP/1.1 200 OK\r\nServer: nginx/1.14.2\r\n' }))).toEqual(['outdated-nginx']);
  });

  it('the version finding is titled with the version seen', () => {
    expect(one(open(22, { service: 'ssh', product: 'OpenSSH', version: '7.3' })).title).toBe('Outdated OpenSSH 7.3 on 22/tcp');
  });

  it('leaves current versions alone', () => {
    const ssh = open(22, { service: 'ssh', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u10 (protocol 2.0)', scripts: { 'ssh2-enum-algos': MODERN_SSH_ALGOS } });
    expect(ids(ssh)).toEqual(['open-port']);
    expect(ids(open(22, { service: 'ssh', product: 'OpenSSH', version: '7.4' }))).toEqual(['open-port']);
    expect(ids(open(443, { service: 'https', product: 'nginx', version: '1.24.0' }))).toEqual(['open-port']);
    expect(ids(open(443, { service: 'https', product: 'Apache httpd', version: '2.4.58' }))).toEqual(['open-port']);
    expect(ids(open(21, { service: 'ftp', product: 'vsftpd', version: '3.0.5' }))).toEqual(['exposed-ftp']);
  });

  it('does not treat an unreadable version as affected', () => {
    expect(ids(open(22, { service: 'ssh', product: 'OpenSSH' }))).toEqual(['open-port']);
    expect(ids(open(22, { service: 'ssh', product: 'OpenSSH', version: 'unknown' }))).toEqual(['open-port']);
  });
});

describe('TLS and SSH misconfigurations from nmap scripts are medium', () => {
  it('flags CBC ciphers and SHA-1 key exchange in ssh2-enum-algos', () => {
    const findings = deriveFindings([open(22, { service: 'ssh', product: 'OpenSSH', version: '8.9p1', scripts: { 'ssh2-enum-algos': OLD_SSH_ALGOS } })]);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['ssh-weak-cipher', 'ssh-weak-kex']);
    expect(findings.every((f) => f.severity === 'medium')).toBe(true);
    expect(findings.find((f) => f.ruleId === 'ssh-weak-kex')?.evidence).toContain('"diffie-hellman-group14-sha1"');
  });

  it('flags ssl-enum-ciphers grades below A and old protocol versions', () => {
    const output = '\n  TLSv1.0: \n    ciphers: \n      TLS_RSA_WITH_3DES_EDE_CBC_SHA (rsa 2048) - C\n    compressors: \n      NULL\n    cipher preference: server\n  TLSv1.2: \n    ciphers: \n      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (secp256r1) - A\n  least strength: C';
    const findings = deriveFindings([open(443, { service: 'http', product: 'nginx', version: '1.24.0', scripts: { 'ssl-enum-ciphers': output } })]);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['tls-deprecated-protocol', 'tls-weak-grade']);
    expect(findings.find((f) => f.ruleId === 'tls-weak-grade')?.evidence).toContain('"least strength: C"');
    const good = '\n  TLSv1.2: \n    ciphers: \n      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (secp256r1) - A\n  TLSv1.3: \n  least strength: A';
    expect(ids(open(443, { service: 'http', scripts: { 'ssl-enum-ciphers': good } }))).toEqual(['open-port']);
  });

  it('flags weak certificate keys and signatures from ssl-cert, not strong or EC keys', () => {
    const cert = (type: string, bits: number, sig = 'sha256WithRSAEncryption') =>
      `Subject: commonName=example.com\nIssuer: commonName=example.com\nPublic Key type: ${type}\nPublic Key bits: ${bits}\nSignature Algorithm: ${sig}\nNot valid before: 2024-01-01T00:00:00`;
    expect(ids(open(443, { service: 'https', scripts: { 'ssl-cert': cert('rsa', 1024) } }))).toEqual(['tls-weak-certificate-key']);
    expect(ids(open(443, { service: 'https', scripts: { 'ssl-cert': cert('rsa', 2047) } }))).toEqual(['tls-weak-certificate-key']);
    expect(ids(open(443, { service: 'https', scripts: { 'ssl-cert': cert('rsa', 2048) } }))).toEqual(['open-port']);
    expect(ids(open(443, { service: 'https', scripts: { 'ssl-cert': cert('ec', 256) } }))).toEqual(['open-port']);
    expect(ids(open(443, { service: 'https', scripts: { 'ssl-cert': cert('rsa', 4096, 'sha1WithRSAEncryption') } }))).toEqual(['tls-weak-certificate-signature']);
  });
});

describe('plain-text services, open ports, and ordering', () => {
  it('plain HTTP on a public address is low', () => {
    expect(one(open(80, { service: 'http', product: 'nginx', version: '1.24.0' }))).toMatchObject({ ruleId: 'plaintext-http', severity: 'low' });
    expect(one(open(80))).toMatchObject({ ruleId: 'plaintext-http', severity: 'low' });
  });

  it('FTP with clear-text logins is rated like Telnet (high), on any address; FTPS is not', () => {
    const telnet = one(open(23, { service: 'telnet' }));
    expect(telnet).toMatchObject({ ruleId: 'exposed-telnet', severity: 'high' });
    expect(one(open(21, { service: 'ftp' }))).toMatchObject({ ruleId: 'exposed-ftp', severity: telnet.severity });
    expect(one(open(21))).toMatchObject({ ruleId: 'exposed-ftp', severity: 'high' });
    expect(one({ ...open(21, { service: 'ftp' }), ip: '198.18.90.2' })).toMatchObject({ ruleId: 'exposed-ftp', severity: 'high' });
    expect(ids(open(21, { service: 'ftps' }))).not.toContain('exposed-ftp');
  });

  it('HTTP over TLS, and plain HTTP on private (SCOPE_ALLOW-ed) space, are only info', () => {
    expect(ids(open(443, { service: 'http' }))).toEqual(['open-port']);
    expect(ids(open(8443, { service: 'ssl/http' }))).toEqual(['open-port']);
    expect(ids(open(8080, { service: 'http', scripts: { 'ssl-cert': 'Subject: commonName=x' } }))).toEqual(['open-port']);
    expect(ids({ ...open(80, { service: 'http' }), ip: '198.18.1.2' })).toEqual(['open-port']);
    expect(ids({ ...open(80, { service: 'http' }), ip: '10.0.0.5' })).toEqual(['open-port']);
  });

  it('anything else open is info, titled with its service', () => {
    expect(one(open(12345))).toMatchObject({ ruleId: 'open-port', severity: 'info', title: 'Open port 12345/tcp (unidentified service)' });
    expect(one(open(53, { protocol: 'udp', service: 'domain' })).title).toBe('Open port 53/udp (domain)');
  });

  it('gives each port only its most severe finding(s)', () => {
    const redis = open(6379, { service: 'redis', product: 'Redis key-value store', version: '5.0.7' });
    expect(ids(redis)).toEqual(['exposed-redis']);
    const oldSsh = open(22, { service: 'ssh', product: 'OpenSSH', version: '7.2p2', scripts: { 'ssh2-enum-algos': OLD_SSH_ALGOS } });
    expect(ids(oldSsh)).toEqual(['outdated-openssh']);
  });

  it('orders findings most severe first, then by address (numerically) and port', () => {
    const findings = deriveFindings([
      open(12345, { ip: '93.184.216.100' }),
      open(80, { ip: '93.184.216.9' }),
      open(6379, { ip: '93.184.216.100' }),
      open(23, { ip: '93.184.216.9' }),
      open(3306, { ip: '93.184.216.9' }),
      open(22, { ip: '2606:4700::1', service: 'ssh', product: 'OpenSSH', version: '5.3' }),
    ]);
    expect(findings.map((f) => `${f.severity} ${f.ip}:${f.port}`)).toEqual([
      'critical 93.184.216.9:3306',
      'critical 93.184.216.100:6379',
      'high 93.184.216.9:23',
      'high 2606:4700::1:22',
      'low 93.184.216.9:80',
      'info 93.184.216.100:12345',
    ]);
  });

  it('counts a port reported twice once and skips closed ports', () => {
    expect(deriveFindings([open(6379), open(6379), open(22, { state: 'closed' })])).toHaveLength(1);
    expect(deriveFindings([])).toEqual([]);
  });
});

describe('hostile tool output', () => {
  it('truncates long banners to 300 characters and shows control characters', () => {
    const banner = `220 \u001b[31mevil\r\n${'A'.repeat(5000)}`;
    const finding = one(open(21, { service: 'ftp', banner }));
    const quoted = /banner "([^"]*)"/.exec(finding.evidence)?.[1] ?? '';
    expect(quoted.length).toBe(300);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoted.startsWith('220 \\x1b[31mevil\\r\\nAAA')).toBe(true);
    expect([...finding.evidence].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)).toBe(false);
  });

  it('keeps titles short and single-line whatever the version string holds', () => {
    const finding = one(open(22, { service: 'ssh', product: 'OpenSSH', version: `7.0\n<!channel> ${'x'.repeat(1000)}` }));
    expect(finding.title.length).toBeLessThanOrEqual(200);
    expect(finding.title).not.toContain('\n');
    expect(finding.ruleId).toBe('outdated-openssh');
  });

  it('survives absurd ports, odd protocols and unparseable addresses', () => {
    const weird = [
      { ip: 'not-an-ip', port: 80, protocol: 'tcp', state: 'open', service: 'http' },
      { ip: PUBLIC, port: 0, protocol: 'udp', state: 'open|filtered', service: '' },
      { ip: PUBLIC, port: 443, protocol: 'tcp', state: 'open', scripts: { 'ssl-enum-ciphers': '' } },
    ] as OpenPort[];
    const findings = deriveFindings(weird);
    expect(findings).toHaveLength(3);
    expect(findings.find((f) => f.ip === 'not-an-ip')?.ruleId).toBe('open-port');
  });
});
