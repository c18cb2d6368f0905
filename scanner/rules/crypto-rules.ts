// Rules for TLS and SSH misconfigurations reported by nmap scripts (ssl-enum-ciphers, ssl-cert,
// ssh2-enum-algos), and for services that speak no TLS at all. Data, read by match-rule.ts.
import type { Rule } from './rule-types.js';

const SCRIPT_SEEN = '{ip}:{port}/{protocol} ({service}), nmap {script}: "{match}"';

export const CRYPTO_RULES: Rule[] = [
  {
    id: 'tls-weak-grade',
    severity: 'medium',
    match: { script: { id: 'ssl-enum-ciphers', pattern: /least strength: [B-F]\b/ } },
    title: 'Weak TLS cipher suites on {port}/{protocol}',
    evidence: SCRIPT_SEEN,
    remediation: 'Allow only TLS 1.2 and 1.3 with AEAD cipher suites (ECDHE with AES-GCM or ChaCha20-Poly1305); remove RC4, 3DES, CBC-SHA1 and export suites (e.g. Mozilla\'s "intermediate" configuration).',
  },
  {
    id: 'tls-deprecated-protocol',
    severity: 'medium',
    match: { script: { id: 'ssl-enum-ciphers', pattern: /\b(?:SSLv2|SSLv3|TLSv1\.0|TLSv1\.1):/ } },
    title: 'Deprecated SSL/TLS protocol version on {port}/{protocol}',
    evidence: SCRIPT_SEEN,
    remediation: 'Disable SSLv2, SSLv3, TLS 1.0 and TLS 1.1 (RFC 8996); offer TLS 1.2 and 1.3 only.',
  },
  {
    id: 'tls-weak-certificate-key',
    severity: 'medium',
    match: { script: { id: 'ssl-cert', pattern: /Public Key type: (?:rsa|dsa)\s*\n\s*Public Key bits: (?:\d{1,3}|1\d{3}|20[0-3]\d|204[0-7])\b/i } },
    title: 'Weak TLS certificate key on {port}/{protocol}',
    evidence: SCRIPT_SEEN,
    remediation: 'Replace the certificate with one on an RSA key of at least 2048 bits or an ECDSA P-256 key, and revoke the old one.',
  },
  {
    id: 'tls-weak-certificate-signature',
    severity: 'medium',
    match: { script: { id: 'ssl-cert', pattern: /Signature Algorithm: (?:md2|md5|sha1)\w*/i } },
    title: 'TLS certificate signed with a broken hash on {port}/{protocol}',
    evidence: SCRIPT_SEEN,
    remediation: 'Reissue the certificate with a SHA-256 (or stronger) signature.',
  },
  {
    id: 'ssh-weak-cipher',
    severity: 'medium',
    match: { script: { id: 'ssh2-enum-algos', pattern: /\b(?:[\w.@-]*-cbc|arcfour\w*)\b/ } },
    title: 'SSH server offers CBC or RC4 ciphers on {port}/{protocol}',
    evidence: SCRIPT_SEEN,
    remediation: 'Remove CBC and arcfour ciphers from the server (OpenSSH: Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes128-ctr).',
  },
  {
    id: 'ssh-weak-kex',
    severity: 'medium',
    match: { script: { id: 'ssh2-enum-algos', pattern: /\bdiffie-hellman-group(?:1|14|-exchange)-sha1\b/ } },
    title: 'SSH server offers SHA-1 key exchange on {port}/{protocol}',
    evidence: SCRIPT_SEEN,
    remediation: 'Remove the SHA-1 key exchanges (OpenSSH: KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512).',
  },
  {
    id: 'plaintext-ftp',
    severity: 'low',
    match: { services: ['ftp'], ports: [21], publicOnly: true, plaintextOnly: true },
    title: 'FTP without TLS on {port}/{protocol}',
    evidence: '{ip}:{port}/{protocol} serves FTP in clear text on a public address; seen: {seen}',
    remediation: 'FTP sends credentials and files in clear text. Replace it with SFTP, or require FTPS (explicit TLS), and restrict who may connect.',
  },
  {
    id: 'plaintext-http',
    severity: 'low',
    match: { services: ['http', 'http-alt', 'http-proxy'], ports: [80, 8000, 8008, 8080], publicOnly: true, plaintextOnly: true },
    title: 'HTTP without TLS on {port}/{protocol}',
    evidence: '{ip}:{port}/{protocol} serves HTTP in clear text on a public address; seen: {seen}',
    remediation: 'Serve the site over HTTPS only: redirect HTTP to HTTPS (or close the port) and send Strict-Transport-Security.',
  },
];
