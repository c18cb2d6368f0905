// The shape of a rule in the rule table (DESIGN §5: findings come from data, not code). A rule says which
// open ports it applies to and what finding they yield; scanner/rules/match-rule.ts evaluates it.
import type { Protocol, Severity } from '../types.js';

/** Which service a port runs. Any one of these identifies it; a rule with none applies to every port. */
export interface ServiceIdentity {
  /** Service names as nmap (-sV or its port table) or masscan (banner name) report them, lowercase. */
  services?: string[];
  /** Product strings (nmap -sV) that identify the service, e.g. Elasticsearch answering as `http`. */
  products?: RegExp;
  /** Banner text that identifies it (masscan banners, nmap's banner script). */
  banners?: RegExp;
  /**
   * Well-known ports: identify the service when nothing was identified on the port (masscan without
   * banners), or when the port's service is one of `portServices` (e.g. `http` for Elasticsearch on 9200).
   */
  ports?: Array<number | [number, number]>;
  portServices?: string[];
}

/** An affected software version, read from nmap's product/version or, failing that, from a banner. */
export interface SoftwareCondition {
  /** The software's name, for titles when only a banner named it: `OpenSSH`. */
  name: string;
  /** Matches port.product. */
  product: RegExp;
  /** Matches the banner when there is no product; capture group 1 is the version. */
  banner?: RegExp;
  /** Affected when the version is lower than this (numeric dotted comparison). */
  versionBelow?: string;
  /** Affected when the version matches this. */
  versionMatches?: RegExp;
}

export interface RuleMatch extends ServiceIdentity {
  protocol?: Protocol;
  software?: SoftwareCondition;
  /** Text seen in product, version or banner, e.g. /OpenSSL\/1\.0\./. */
  text?: RegExp;
  /** Output of an nmap script; the first match is quoted as evidence. */
  script?: { id: string; pattern: RegExp };
  /** Only on public unicast addresses (not on SCOPE_ALLOW-ed private space). */
  publicOnly?: boolean;
  /** Not on these ports (the TLS variant of a service has its own rule). */
  exceptPorts?: number[];
  /** Only when nothing shows TLS on the port (no ssl/ service, no TLS script output, not a TLS port). */
  plaintextOnly?: boolean;
  /**
   * Only the one summary of a host that answered on more ports than the tarpit threshold (a SYN proxy or a
   * tarpit); a rule with it matches no single port. Placeholders: {ip} {count} {ranges} {threshold}.
   */
  answersOnManyPorts?: true;
}

export interface Rule {
  /** Stable id, e.g. `exposed-redis`; findings and diffs are keyed by it. */
  id: string;
  severity: Severity;
  match: RuleMatch;
  /**
   * Templates. Placeholders: {ip} {port} {protocol} {service} {product} {version} {software} (product and
   * version) {script} (the script id) {seen} (what the tools saw: service, product, version, banner) {match} (the script text that matched).
   */
  title: string;
  evidence: string;
  remediation: string;
}
