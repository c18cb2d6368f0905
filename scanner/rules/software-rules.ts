// Rules for end-of-life or known-vulnerable software versions seen by service detection (nmap -sV product
// and version) or in banners (masscan --banners). Data, read by match-rule.ts.
import type { Rule } from './rule-types.js';

const SEEN = '{ip}:{port}/{protocol} runs {software}; seen: {seen}';

export const SOFTWARE_RULES: Rule[] = [
  {
    id: 'vsftpd-backdoor',
    severity: 'critical',
    match: { software: { name: 'vsftpd', product: /vsftpd/i, banner: /vsFTPd (\d[\w.]*)/i, versionMatches: /^2\.3\.4\b/ } },
    title: 'Backdoored vsftpd 2.3.4 on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'vsftpd 2.3.4 was distributed with a backdoor that opens a root shell (CVE-2011-2523). Take the host offline, treat it as compromised, rebuild it and install a current vsftpd from the distribution.',
  },
  {
    id: 'proftpd-backdoor',
    severity: 'critical',
    match: { software: { name: 'ProFTPD', product: /proftpd/i, banner: /ProFTPD (\d[\w.]*)/i, versionMatches: /^1\.3\.3c\b/i } },
    title: 'Backdoored ProFTPD 1.3.3c on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'ProFTPD 1.3.3c source archives were trojaned with a backdoor (OSVDB-69562), and the release has remote code execution bugs. Treat the host as compromised, rebuild it, and install a current ProFTPD.',
  },
  {
    id: 'outdated-openssh',
    severity: 'high',
    match: { software: { name: 'OpenSSH', product: /openssh/i, banner: /OpenSSH_(\d[\w.]*)/, versionBelow: '7.4' } },
    title: 'Outdated OpenSSH {version} on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'OpenSSH before 7.4 has known vulnerabilities (e.g. CVE-2016-10009, CVE-2016-6515) and is end of life. Upgrade the OS packages to a supported release, and keep the port restricted to admin networks.',
  },
  {
    id: 'eol-apache-httpd',
    severity: 'high',
    match: { software: { name: 'Apache httpd', product: /apache httpd/i, banner: /Server: Apache\/(\d[\w.]*)/i, versionMatches: /^(?:1\.|2\.[0-2]\.)/ } },
    title: 'End-of-life Apache httpd {version} on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'Apache httpd 2.2 and older have been end of life since 2018 and receive no security fixes. Upgrade to a supported 2.4 release.',
  },
  {
    id: 'outdated-nginx',
    severity: 'high',
    match: { software: { name: 'nginx', product: /^nginx/i, banner: /Server: nginx\/(\d[\w.]*)/i, versionBelow: '1.20' } },
    title: 'Outdated nginx {version} on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'nginx before 1.20 is out of support and has known vulnerabilities (e.g. the resolver bug CVE-2021-23017). Upgrade to a current stable or mainline release and hide the version with server_tokens off.',
  },
  {
    id: 'eol-redis',
    severity: 'high',
    match: { software: { name: 'Redis', product: /\bredis\b/i, banner: /redis_version:(\d[\w.]*)/, versionBelow: '6' } },
    title: 'End-of-life Redis {version} on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'Redis before 6 is end of life (no ACLs, no TLS, unpatched CVEs). Upgrade to a supported Redis release.',
  },
  {
    id: 'eol-mysql',
    severity: 'high',
    match: { software: { name: 'MySQL', product: /\bmysql\b/i, versionMatches: /^(?:[1-4]\.|5\.[0-6]\.)/ } },
    title: 'End-of-life MySQL {version} on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'MySQL 5.6 and older are end of life and receive no security fixes. Upgrade to MySQL 8 (or a supported MariaDB).',
  },
  {
    id: 'eol-openssl',
    severity: 'high',
    match: { text: /OpenSSL\/(?:0\.9|1\.0)\.[\w.-]*/i },
    title: 'End-of-life OpenSSL in the service on {port}/{protocol}',
    evidence: '{ip}:{port}/{protocol} reports {match}; seen: {seen}',
    remediation: 'OpenSSL 1.0.x and older are end of life (Heartbleed-era code, no fixes since 2019). Upgrade the OS or the product so it links a supported OpenSSL 3.x.',
  },
];
