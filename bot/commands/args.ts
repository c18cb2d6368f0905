// Argument definitions reused by several commands (scan id, the scan configuration options), so that
// `create` and `update` accept exactly the same keys with the same checks.
import { LIMITS, SCAN_DEFAULTS } from '../../core/scans/scan-input.js';
import { RUN_STATUSES, type RunStatus } from '../../core/scans/scan-model.js';
import { formatDuration } from '../../scanner/durations.js';
import { SEVERITIES, type LogLevel, type Severity } from '../../scanner/types.js';
import { choice, duration, integer, scanId, text, textOrEmpty } from './arg-values.js';
import type { ArgDef } from './definitions.js';

export function positional(def: Omit<ArgDef, 'required'> & { required?: boolean }): ArgDef {
  return { required: true, ...def };
}

export function option(def: Omit<ArgDef, 'required'>): ArgDef {
  return { required: false, ...def };
}

export const idArg = positional({ name: 'id', kind: 'string', placeholder: 'ID', description: 'Scan id, e.g. SCAN-1001', schema: scanId });

export const runOption = option({ name: 'run', kind: 'integer', placeholder: 'N', description: 'Run number', defaultText: 'the latest completed run', min: 1, max: 1_000_000, schema: integer(1, 1_000_000) });

export const statusChoices = [...RUN_STATUSES];
/** The words replies show for statuses ("✅ Done", "⚠️ Submit Error") are accepted too. */
export const statusAliases: Readonly<Record<string, RunStatus>> = { done: 'completed', 'submit-error': 'submit_error', error: 'submit_error', canceled: 'cancelled' };
export const severityChoices = [...SEVERITIES];
export const severityAliases: Readonly<Record<string, Severity>> = { crit: 'critical', med: 'medium' };
export const levelChoices: LogLevel[] = ['info', 'warning', 'error'];
export const levelAliases: Readonly<Record<string, LogLevel>> = { warn: 'warning', err: 'error' };

export const statusOption = option({ name: 'status', kind: 'choice', placeholder: 'STATUS', description: 'Only scans whose latest run has this status', choices: statusChoices, aliases: statusAliases, schema: choice(statusChoices, statusAliases) });
export const levelOption = option({ name: 'level', kind: 'choice', placeholder: 'info|warning|error', description: 'The least severe level shown', defaultText: 'info (every line)', choices: levelChoices, aliases: levelAliases, schema: choice(levelChoices, levelAliases) });
export const minSeverityOption = option({ name: 'min', kind: 'choice', placeholder: 'SEVERITY', description: 'Lowest severity shown', defaultText: 'info (every finding)', choices: severityChoices, aliases: severityAliases, schema: choice(severityChoices, severityAliases) });

const scanners = ['masscan', 'nmap', 'hybrid'] as const;
const protocols = ['tcp', 'udp', 'both'] as const;

/** The scan's name, shared by create (positional) and update (option): one limit, the service's. */
export const nameSchema = text(LIMITS.maxNameLength);

/** Options of a scan's configuration, shared by create and update. */
export const configOptions: ArgDef[] = [
  option({ name: 'ports', kind: 'string', placeholder: 'SPEC', description: 'Ports: 80,443,8000-8100, !22, top100, all, U:53', defaultText: SCAN_DEFAULTS.ports, schema: text(1000) }),
  option({ name: 'scanner', kind: 'choice', placeholder: 'masscan|nmap|hybrid', description: 'Scan engine', defaultText: SCAN_DEFAULTS.scanner, choices: scanners, schema: choice(scanners) }),
  option({ name: 'rate', kind: 'integer', placeholder: 'PPS', description: 'Packets per second', defaultText: String(SCAN_DEFAULTS.rate), min: 1, max: LIMITS.maxRate, schema: integer(1, LIMITS.maxRate, ' packets per second') }),
  option({
    name: 'timeout', kind: 'string', placeholder: 'DURATION', description: `Whole-run timeout: 600, 90s, 15m, 2h (${formatDuration(LIMITS.minTimeoutSeconds)} to ${formatDuration(LIMITS.maxTimeoutSeconds)})`,
    defaultText: formatDuration(SCAN_DEFAULTS.timeoutSeconds), schema: duration(LIMITS.minTimeoutSeconds, LIMITS.maxTimeoutSeconds),
  }),
  option({ name: 'port-timeout', kind: 'integer', placeholder: 'MS', description: 'Wait per port in milliseconds', defaultText: String(SCAN_DEFAULTS.portTimeoutMs), min: LIMITS.minPortTimeoutMs, max: LIMITS.maxPortTimeoutMs, schema: integer(LIMITS.minPortTimeoutMs, LIMITS.maxPortTimeoutMs, ' ms') }),
  option({ name: 'proto', kind: 'choice', placeholder: 'tcp|udp|both', description: 'Protocol', defaultText: SCAN_DEFAULTS.protocol, choices: protocols, schema: choice(protocols) }),
  option({ name: 'schedule', kind: 'string', placeholder: '"CRON"', description: 'Cron schedule in quotes, e.g. "0 3 * * *" ("" removes it)', schema: textOrEmpty(100) }),
  option({ name: 'tz', kind: 'string', placeholder: 'ZONE', description: 'Time zone of the schedule, e.g. Europe/Berlin', schema: text(64) }),
  option({ name: 'from', kind: 'string', placeholder: 'POOL', description: 'Scanner pool whose scanners run it (default: default)', schema: text(40) }),
];
