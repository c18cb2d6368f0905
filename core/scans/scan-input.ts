// Validation of what a user typed for /scan create and /scan update, with the engine's pure parsers and
// the registered scope. Every refusal is a UserError that names the value and says what to write instead.
import { CronExpressionParser } from 'cron-parser';
import { isScannerError } from '../../scanner/errors.js';
import { parsePortSpec } from '../../scanner/ports.js';
import { isInsideScope } from '../../scanner/scope.js';
import { parseTargets } from '../../scanner/targets.js';
import type { TargetRange } from '../../scanner/types.js';
import { DEFAULT_POOL, NAME_RULE, SCANNER_NAME } from '../events/scanner-keys.js';
import { UserError } from '../errors.js';
import type { ScanConfig, ScanConfigInput } from './scan-model.js';

export const SCAN_DEFAULTS = { ports: 'top100', scanner: 'nmap', rate: 1000, timeoutSeconds: 3600, portTimeoutMs: 1500, protocol: 'tcp' } as const;
/** The bounds of a scan's configuration: the command parser, help and README read them from here too. */
export const LIMITS = {
  minTimeoutSeconds: 10, maxTimeoutSeconds: 7200, maxRate: 100_000, minPortTimeoutMs: 50, maxPortTimeoutMs: 60_000, maxNameLength: 64,
  /** `/scan list` page size: default and most. */
  listDefaultLimit: 25, listMaxLimit: 200,
} as const;

export interface ScopePolicy {
  allow: string[];
  deny: string[];
  /** The registered scope (`/scan scope add`). */
  scope: string[];
}

function fromScanner<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isScannerError(error)) {
      throw new UserError(error.code === 'TARGET_REFUSED' ? 'OUT_OF_SCOPE' : 'BAD_INPUT', error.message, { cause: error });
    }
    throw error;
  }
}

/** Parses targets with the safety policy and checks each lies inside the registered scope. */
export function validateTargets(text: string, policy: ScopePolicy): TargetRange[] {
  const ranges = fromScanner(() => parseTargets(text, { allow: policy.allow, deny: policy.deny }));
  for (const range of ranges) {
    if (isInsideScope(range, policy.scope)) continue;
    const hint = policy.scope.length === 0 ? 'No scope is registered yet.' : `The scope is ${policy.scope.join(', ')}.`;
    throw new UserError('OUT_OF_SCOPE', `Target ${range.cidr} is outside the registered scope. ${hint} An admin can allow it with /scan scope add ${range.cidr}`);
  }
  return ranges;
}

function wholeNumber(value: number, what: string, min: number, max: number, unit: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError('BAD_INPUT', `${what} must be a whole number from ${min} to ${max} ${unit} (got ${value}).`);
  }
  return value;
}

export function validateSchedule(schedule: string, timezone: string | null): void {
  if (timezone !== null) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    } catch {
      throw new UserError('BAD_INPUT', `tz=${timezone} is not a time zone; write an IANA name such as Europe/Paris or UTC.`);
    }
  }
  try {
    CronExpressionParser.parse(schedule, timezone ? { tz: timezone } : {});
  } catch (error) {
    throw new UserError('BAD_INPUT', `schedule="${schedule}" is not a cron expression (${(error as Error).message}); e.g. schedule="0 3 * * 1" for Mondays at 03:00.`);
  }
}

/** Merges input over a base configuration (defaults for create) and validates the result. */
export function validateScanConfig(input: ScanConfigInput, base: ScanConfig | null, policy: ScopePolicy): ScanConfig {
  const name = (input.name ?? base?.name ?? '').trim();
  if (name.length < 1 || name.length > LIMITS.maxNameLength || !/^[\w .:-]+$/u.test(name)) {
    throw new UserError('BAD_INPUT', `The scan name "${name.slice(0, 80)}" must be 1–${LIMITS.maxNameLength} letters, digits, spaces, dots, colons, dashes or underscores.`);
  }
  const protocol = input.protocol ?? base?.protocol ?? SCAN_DEFAULTS.protocol;
  const ports = (input.ports ?? base?.ports ?? SCAN_DEFAULTS.ports).trim();
  fromScanner(() => parsePortSpec(ports, protocol));
  const scheduleText = input.schedule !== undefined ? input.schedule.trim() : base?.schedule ?? '';
  const schedule = scheduleText === '' ? null : scheduleText;
  const timezone = schedule === null ? null : (input.timezone ?? base?.timezone ?? null);
  if (schedule !== null) validateSchedule(schedule, timezone);
  else if (input.timezone !== undefined) throw new UserError('BAD_INPUT', 'tz= only applies with a schedule: add schedule="CRON".');
  const rate = wholeNumber(input.rate ?? base?.rate ?? SCAN_DEFAULTS.rate, 'rate', 1, LIMITS.maxRate, 'packets per second');
  const timeoutSeconds = wholeNumber(input.timeoutSeconds ?? base?.timeoutSeconds ?? SCAN_DEFAULTS.timeoutSeconds, 'timeout', LIMITS.minTimeoutSeconds, LIMITS.maxTimeoutSeconds, 'seconds (2h)');
  const portTimeoutMs = wholeNumber(input.portTimeoutMs ?? base?.portTimeoutMs ?? SCAN_DEFAULTS.portTimeoutMs, 'port-timeout', LIMITS.minPortTimeoutMs, LIMITS.maxPortTimeoutMs, 'ms');
  // Targets last: a typo elsewhere is reported before the scope question, which may need an admin.
  const targets = input.targets !== undefined ? validateTargets(input.targets, policy).map((r) => r.cidr) : base?.targets;
  if (!targets) throw new UserError('BAD_INPUT', 'TARGETS are missing: give IP addresses or CIDRs, e.g. 203.0.113.0/28.');
  const scanner = input.scanner ?? base?.scanner ?? SCAN_DEFAULTS.scanner;
  const pool = (input.pool ?? base?.pool ?? DEFAULT_POOL).trim().toLowerCase();
  if (!SCANNER_NAME.test(pool)) throw new UserError('BAD_INPUT', `from=${pool.slice(0, 60)} is not a pool name: ${NAME_RULE} (e.g. from=dmz).`);
  return { name, targets, ports, scanner, rate, timeoutSeconds, portTimeoutMs, protocol, schedule, timezone, pool };
}
