// The rule table (DESIGN §5): every rule that turns open ports into findings, most specific first. It is
// data: adding a rule means adding an entry to one of these lists, not writing code.
import { CRYPTO_RULES } from './crypto-rules.js';
import { EXPOSURE_RULES } from './exposure-rules.js';
import { HOST_RULES } from './host-rules.js';
import type { Rule } from './rule-types.js';
import { SOFTWARE_RULES } from './software-rules.js';

/** Anything open that no other rule says more about. */
const OPEN_PORT_RULE: Rule = {
  id: 'open-port',
  severity: 'info',
  match: {},
  title: 'Open port {port}/{protocol} ({service})',
  evidence: '{ip}:{port}/{protocol} is open; seen: {seen}',
  remediation: 'Check that this service is meant to be reachable from where the scan ran; close the port or restrict it at the firewall if not.',
};

export const RULE_TABLE: readonly Rule[] = [...EXPOSURE_RULES, ...SOFTWARE_RULES, ...CRYPTO_RULES, ...HOST_RULES, OPEN_PORT_RULE];
