// The severity rules of the scan engine: the rule table (data) and the function that applies it.
export { deriveFindings, findingsOf } from './derive-findings.js';
export { tarpitFinding, type TarpitSummary } from './host-findings.js';
export { RULE_TABLE } from './rule-table.js';
export type { Rule, RuleMatch, ServiceIdentity, SoftwareCondition } from './rule-types.js';
