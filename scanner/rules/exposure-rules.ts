// Rules for services that should never face the internet (DESIGN §5): databases and caches (critical),
// remote administration and container control planes (high or critical). Data, read by match-rule.ts.
import type { Rule } from './rule-types.js';

const SEEN = '{ip}:{port}/{protocol} is open; seen: {seen}';
const FIREWALL = 'Block {port}/{protocol} at the firewall or security group so only the hosts that need it can connect (VPN, private network, bastion)';

function exposedDatabase(id: string, name: string, match: Rule['match'], auth: string): Rule {
  return {
    id,
    severity: 'critical',
    match,
    title: `${name} exposed to the network on {port}/{protocol}`,
    evidence: SEEN,
    remediation: `${FIREWALL}; bind ${name} to localhost or a private interface; ${auth}.`,
  };
}

export const EXPOSURE_RULES: Rule[] = [
  exposedDatabase('exposed-mysql', 'MySQL', { services: ['mysql'], products: /\b(mysql|mariadb)\b/i, ports: [3306] }, 'require strong passwords and TLS for every account'),
  exposedDatabase('exposed-postgresql', 'PostgreSQL', { services: ['postgresql', 'postgres'], products: /postgresql/i, ports: [5432] }, 'restrict pg_hba.conf to known networks with scram-sha-256'),
  exposedDatabase('exposed-redis', 'Redis', { services: ['redis'], products: /\bredis\b/i, banners: /redis_version:|^-NOAUTH|^-DENIED Redis/, ports: [6379] }, 'enable protected-mode, requirepass/ACLs and rename dangerous commands'),
  exposedDatabase('exposed-elasticsearch', 'Elasticsearch', { services: ['elasticsearch'], products: /elasticsearch/i, banners: /"cluster_name"|You Know, for Search/, ports: [9200, 9300], portServices: ['http', 'wap-wsp', 'vrace'] }, 'enable the security features (authentication, TLS)'),
  exposedDatabase('exposed-mongodb', 'MongoDB', { services: ['mongodb', 'mongod'], products: /mongodb/i, ports: [27017, 27018] }, 'enable authorization and set net.bindIp'),
  exposedDatabase('exposed-memcached', 'Memcached', { services: ['memcached', 'memcache'], products: /memcached/i, ports: [11211] }, 'run it with -l 127.0.0.1 and -U 0 (UDP off: it is abused for amplification)'),
  exposedDatabase('exposed-mssql', 'Microsoft SQL Server', { services: ['ms-sql-s', 'mssql'], products: /microsoft sql server/i, ports: [1433] }, 'use Windows authentication or strong SQL logins and force encryption'),
  exposedDatabase('exposed-oracle', 'Oracle Database', { services: ['oracle', 'oracle-tns'], products: /oracle tns/i, ports: [1521] }, 'restrict the listener with valid node checking'),
  exposedDatabase('exposed-couchdb', 'CouchDB', { services: ['couchdb'], products: /couchdb/i, ports: [5984], portServices: ['http'] }, 'require authentication for every database'),
  exposedDatabase('exposed-etcd', 'etcd', { services: ['etcd', 'etcd-client'], products: /\betcd\b/i, ports: [2379], portServices: ['http', 'ssl', 'https'] }, 'require client certificates (--client-cert-auth)'),
  {
    id: 'exposed-docker-api',
    severity: 'critical',
    match: { services: ['docker'], products: /docker/i, ports: [2375], portServices: ['http'], exceptPorts: [2376] },
    title: 'Docker Engine API exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `Anyone reaching an unprotected Docker API controls the host as root. ${FIREWALL}; remove the tcp:// listener or protect it with TLS client certificates (--tlsverify) on 2376.`,
  },
  {
    id: 'exposed-docker-api-tls',
    severity: 'high',
    match: { ports: [2376], portServices: ['docker', 'ssl', 'https', 'http'] },
    title: 'Docker Engine API (TLS) exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `${FIREWALL}; make sure --tlsverify is on so only holders of a client certificate can connect.`,
  },
  {
    id: 'exposed-kubelet',
    severity: 'critical',
    match: { services: ['kubelet'], products: /kubelet/i, ports: [10250, 10255], portServices: ['ssl', 'https', 'http'] },
    title: 'Kubernetes kubelet API exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `${FIREWALL}; set --anonymous-auth=false and --authorization-mode=Webhook, and disable the read-only port 10255.`,
  },
  {
    id: 'exposed-kubernetes-api',
    severity: 'high',
    match: { services: ['kubernetes'], products: /kubernetes/i, banners: /kubernetes/i, ports: [6443], portServices: ['sun-sr-https', 'ssl', 'https', 'http'] },
    title: 'Kubernetes API server exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `${FIREWALL}; use the cloud provider's authorized networks or a private endpoint, and keep anonymous auth off.`,
  },
  {
    id: 'exposed-telnet',
    severity: 'high',
    match: { services: ['telnet'], ports: [23] },
    title: 'Telnet exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'Telnet sends passwords in clear text. Disable the telnet service and use SSH instead; until then, block the port at the firewall.',
  },
  {
    // FTP logs in with a clear-text password exactly as Telnet does, so it is rated the same; FTPS is not.
    id: 'exposed-ftp',
    severity: 'high',
    match: { services: ['ftp'], ports: [21], plaintextOnly: true },
    title: 'FTP with clear-text logins exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: 'FTP sends passwords and files in clear text, like Telnet. Replace it with SFTP, or require FTPS (explicit TLS); until then, block the port at the firewall.',
  },
  {
    id: 'exposed-smb',
    severity: 'high',
    match: { services: ['microsoft-ds', 'netbios-ssn', 'smb'], products: /samba|microsoft windows .*(netbios|microsoft-ds)/i, ports: [445, 139] },
    title: 'SMB file sharing exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `SMB on the internet invites worms and ransomware (EternalBlue). ${FIREWALL}; disable SMBv1; share files over a VPN.`,
  },
  {
    id: 'exposed-rdp',
    severity: 'high',
    match: { services: ['ms-wbt-server', 'rdp'], products: /terminal services|remote desktop|xrdp/i, ports: [3389] },
    title: 'Remote Desktop (RDP) exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `RDP is brute-forced and exploited (BlueKeep) from the internet. ${FIREWALL}; put it behind a VPN or an RD Gateway with MFA, and require Network Level Authentication.`,
  },
  {
    id: 'exposed-vnc',
    severity: 'high',
    match: { services: ['vnc', 'vnc-1', 'vnc-2', 'vnc-3', 'vnc-http'], products: /\bvnc\b/i, banners: /^RFB \d{3}\.\d{3}/, ports: [[5900, 5910]] },
    title: 'VNC remote desktop exposed on {port}/{protocol}',
    evidence: SEEN,
    remediation: `VNC authentication is weak (8-character passwords, often none). ${FIREWALL}; tunnel VNC over SSH or a VPN.`,
  },
];
