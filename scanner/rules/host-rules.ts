// Rules about a host as a whole rather than one of its ports (data, read by host-findings.ts): a host that
// answers on more ports than any real server has open is a SYN proxy, DDoS scrubber or tarpit, and its
// "open ports" say nothing about what runs behind it.
import type { Rule } from './rule-types.js';

export const HOST_RULES: Rule[] = [
  {
    id: 'host-answers-everywhere',
    severity: 'low',
    match: { answersOnManyPorts: true },
    title: '{ip} answers on {count} ports: likely a SYN proxy or tarpit',
    evidence: '{ip} accepted connections on {count} ports ({ranges}), more than the {threshold} a real host plausibly has open; the ports are summarised here instead of one row each, and no service detection was spent on them',
    remediation: 'Find out what answers for this address (a SYN proxy, DDoS protection, a tarpit, a load balancer accepting every port). Scan the real host from behind it, or scan this address with the short list of ports it should serve.',
  },
];
