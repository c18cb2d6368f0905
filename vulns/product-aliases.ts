// Data: the software Portcullis knows how to name, and every name it goes by. nmap's CPE dictionary and
// NVD's do not agree on vendors (nmap says `igor_sysoev:nginx`, `beasts:vsftpd`, `mysql:mysql`; NVD says
// `f5:nginx`, `vsftpd_project:vsftpd`, `oracle:mysql`), and NVD itself changed some over the years
// (`elasticsearch:elasticsearch` → `elastic:elasticsearch`). Each entry lists all the names of one
// product, the nmap -sV product names it appears under, and how its version shows in a banner.

export interface ProductAlias {
  /** What people call it. */
  name: string;
  /** Every `vendor:product` CPE name of it; the first is NVD's current one. */
  cpeNames: string[];
  /** nmap -sV `product` strings. */
  product: RegExp;
  /** A banner (masscan --banners, nmap banner script) with the version as group 1. */
  banner?: RegExp;
  /** Releases carry a suffix the NVD bounds leave out: OpenSSH portable 9.8 ships as 9.8p1. */
  releaseSuffix?: string;
}

export const PRODUCT_ALIASES: readonly ProductAlias[] = [
  { name: 'OpenSSH', cpeNames: ['openbsd:openssh'], product: /^OpenSSH\b/i, banner: /SSH-[\d.]+-OpenSSH_(\d[\w.]*)/, releaseSuffix: 'p1' },
  { name: 'Apache httpd', cpeNames: ['apache:http_server'], product: /^Apache httpd\b/i, banner: /Server: Apache\/(\d[\w.]*)/i },
  { name: 'nginx', cpeNames: ['f5:nginx', 'igor_sysoev:nginx', 'nginx:nginx'], product: /^nginx\b/i, banner: /Server: nginx\/(\d[\w.]*)/i },
  { name: 'vsftpd', cpeNames: ['vsftpd_project:vsftpd', 'beasts:vsftpd', 'vsftpd:vsftpd'], product: /^vsftpd\b/i, banner: /\(vsFTPd (\d[\w.]*)\)/i },
  { name: 'ProFTPD', cpeNames: ['proftpd:proftpd', 'proftpd_project:proftpd'], product: /^ProFTPD\b/i, banner: /ProFTPD (\d[\w.]*)/ },
  { name: 'Exim', cpeNames: ['exim:exim'], product: /^Exim\b/i, banner: /ESMTP Exim (\d[\w.]*)/i },
  { name: 'Redis', cpeNames: ['redis:redis', 'redislabs:redis', 'pivotal_software:redis'], product: /^Redis\b/i, banner: /redis_version:(\d[\w.]*)/ },
  { name: 'Elasticsearch', cpeNames: ['elastic:elasticsearch', 'elasticsearch:elasticsearch'], product: /^Elasticsearch\b/i, banner: /"number"\s*:\s*"(\d[\w.]*)"/ },
  { name: 'Samba', cpeNames: ['samba:samba'], product: /^Samba\b/i },
  { name: 'MySQL', cpeNames: ['oracle:mysql', 'mysql:mysql'], product: /^MySQL\b/i },
  { name: 'MariaDB', cpeNames: ['mariadb:mariadb'], product: /^MariaDB\b/i },
  { name: 'Postfix', cpeNames: ['postfix:postfix'], product: /^Postfix\b/i },
  { name: 'Memcached', cpeNames: ['memcached:memcached'], product: /^Memcached\b/i, banner: /STAT version (\d[\w.]*)/ },
  { name: 'Microsoft IIS', cpeNames: ['microsoft:internet_information_services', 'microsoft:iis'], product: /^Microsoft IIS\b/i, banner: /Server: Microsoft-IIS\/(\d[\w.]*)/i },
  { name: 'OpenSSL', cpeNames: ['openssl:openssl'], product: /^OpenSSL\b/i, banner: /OpenSSL\/(\d[\w.-]*[\w])/ },
  { name: 'FortiOS', cpeNames: ['fortinet:fortios'], product: /^Forti(?:OS|Gate)\b/i },
];

const BY_CPE_NAME = new Map<string, ProductAlias>(PRODUCT_ALIASES.flatMap((a) => a.cpeNames.map((n) => [n, a] as const)));

/** The alias entry a `vendor:product` name belongs to, if Portcullis knows it. */
export function aliasOfCpeName(name: string): ProductAlias | undefined {
  return BY_CPE_NAME.get(name);
}

/** Every name a `vendor:product` goes by (itself alone when unknown). */
export function cpeNamesOf(name: string): string[] {
  return aliasOfCpeName(name)?.cpeNames ?? [name];
}
