// Evaluates one rule of the rule table against one open port: is it the service the rule is about, is the
// software affected, did a script report the weakness. Returns the values the rule's templates quote.
import { isVersionBelow } from './version-compare.js';
import { quoteSeen, type TemplateValues } from './evidence.js';
import type { Rule, RuleMatch, SoftwareCondition } from './rule-types.js';
import type { OpenPort } from '../types.js';

const UNIDENTIFIED = new Set(['unknown', 'tcpwrapped']);
const TLS_SERVICES = new Set(['https', 'ssl', 'tls', 'ftps', 'https-alt', 'imaps', 'pop3s', 'smtps', 'ldaps']);
const TLS_SCRIPTS = ['ssl-cert', 'ssl-enum-ciphers', 'ssl-date', 'tls-nextprotoneg', 'tls-alpn'];
const TLS_PORTS = new Set([443, 465, 636, 853, 989, 990, 992, 993, 994, 995, 2376, 4443, 5986, 6443, 8443, 9443, 10250]);

/** Service name without nmap's `ssl/` tunnel prefix or its `?` of uncertainty, lowercase. */
export function serviceName(port: OpenPort): string | undefined {
  const name = port.service?.trim().toLowerCase().replace(/^ssl\//, '').replace(/\?$/, '');
  return name ? name : undefined;
}

function inPorts(list: Array<number | [number, number]>, port: number): boolean {
  return list.some((entry) => (typeof entry === 'number' ? entry === port : entry[0] <= port && port <= entry[1]));
}

/** A port as the rules look at it, with what every rule needs computed once. */
export interface PortView {
  port: OpenPort;
  /** serviceName(port). */
  service: string | undefined;
  isPublic: (ip: string) => boolean;
}

function identifies(match: RuleMatch, view: PortView): boolean {
  if (!match.services && !match.products && !match.banners && !match.ports) return true;
  const { port, service } = view;
  if (service && match.services?.includes(service)) return true;
  if (port.product && match.products?.test(port.product)) return true;
  if (port.banner && match.banners?.test(port.banner)) return true;
  if (!match.ports || !inPorts(match.ports, port.port)) return false;
  return service === undefined || UNIDENTIFIED.has(service) || (match.portServices?.includes(service) ?? false);
}

export function speaksTls(port: OpenPort): boolean {
  const raw = port.service?.trim().toLowerCase() ?? '';
  if (raw.startsWith('ssl/') || TLS_SERVICES.has(raw)) return true;
  if (TLS_SCRIPTS.some((id) => port.scripts?.[id] !== undefined)) return true;
  return TLS_PORTS.has(port.port);
}

/** The version of the software the condition is about, or undefined when the port runs something else. */
function softwareVersion(condition: SoftwareCondition, port: OpenPort): string | undefined {
  if (port.product && condition.product.test(port.product)) return port.version ?? '';
  if (condition.banner && port.banner) {
    const found = condition.banner.exec(port.banner);
    if (found) return found[1] ?? '';
  }
  return undefined;
}

function affected(condition: SoftwareCondition, version: string): boolean {
  if (version === '') return false;
  if (condition.versionBelow !== undefined && isVersionBelow(version, condition.versionBelow)) return true;
  return condition.versionMatches?.test(version) ?? false;
}

/** The template values when the rule applies to the port, else undefined. */
export function matchRule(rule: Rule, view: PortView): TemplateValues | undefined {
  const { match } = rule;
  const { port } = view;
  if (match.answersOnManyPorts) return undefined;
  if (match.protocol && match.protocol !== port.protocol) return undefined;
  if (match.exceptPorts?.includes(port.port)) return undefined;
  if (!identifies(match, view)) return undefined;
  const values: TemplateValues = {};
  if (match.software) {
    const version = softwareVersion(match.software, port);
    if (version === undefined || !affected(match.software, version)) return undefined;
    values.version = quoteSeen(version, 80);
    values.software = quoteSeen(`${port.product ?? match.software.name} ${version}`, 120);
  }
  if (match.text) {
    const found = match.text.exec([port.product, port.version, port.banner].filter(Boolean).join(' '));
    if (!found) return undefined;
    values.match = quoteSeen(found[0]);
  }
  if (match.script) {
    const output = port.scripts?.[match.script.id];
    const found = output === undefined ? null : match.script.pattern.exec(output);
    if (!found) return undefined;
    values.script = match.script.id;
    values.match = quoteSeen(found[0]);
  }
  if (match.plaintextOnly && speaksTls(port)) return undefined;
  if (match.publicOnly && !view.isPublic(port.ip)) return undefined;
  return values;
}
