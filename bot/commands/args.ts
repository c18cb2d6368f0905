// Argument definitions reused by several commands (scan id, the scan configuration options), so that
// `create` and `update` accept exactly the same keys with the same checks.
import { RUN_STATUSES } from '../../core/scans/scan-model.js';
import { SEVERITIES } from '../../scanner/types.js';
import { choice, duration, integer, scanId, text, textOrEmpty } from './arg-values.js';
import type { ArgDef } from './definitions.js';

export function positional(def: Omit<ArgDef, 'required'> & { required?: boolean }): ArgDef {
  return { required: true, ...def };
}

export function option(def: Omit<ArgDef, 'required'>): ArgDef {
  return { required: false, ...def };
}

export const idArg = positional({ name: 'id', kind: 'string', placeholder: 'ID', description: 'Scan id, e.g. SCAN-1001', schema: scanId });

export const runOption = option({ name: 'run', kind: 'integer', placeholder: 'N', description: 'Run number (default: the latest)', min: 1, max: 1_000_000, schema: integer(1, 1_000_000) });

export const statusChoices = [...RUN_STATUSES];
export const severityChoices = [...SEVERITIES];

/** Options of a scan's configuration, shared by create and update. */
export const configOptions: ArgDef[] = [
  option({ name: 'ports', kind: 'string', placeholder: 'SPEC', description: 'Ports: 80,443,8000-8100, !22, top100, all, U:53 (default top100)', schema: text(1000) }),
  option({ name: 'scanner', kind: 'choice', placeholder: 'masscan|nmap|hybrid', description: 'Scan engine (default hybrid)', choices: ['masscan', 'nmap', 'hybrid'], schema: choice(['masscan', 'nmap', 'hybrid'] as const) }),
  option({ name: 'rate', kind: 'integer', placeholder: 'PPS', description: 'Packets per second', min: 1, max: 1_000_000, schema: integer(1, 1_000_000, ' packets per second') }),
  option({ name: 'timeout', kind: 'string', placeholder: 'DURATION', description: 'Whole-run timeout: 600, 90s, 15m, 2h (default 1h, at most 2h)', schema: duration(10, 7200) }),
  option({ name: 'port-timeout', kind: 'integer', placeholder: 'MS', description: 'Wait per port in milliseconds (default 1500)', min: 50, max: 60_000, schema: integer(50, 60_000, ' ms') }),
  option({ name: 'proto', kind: 'choice', placeholder: 'tcp|udp|both', description: 'Protocol (default tcp)', choices: ['tcp', 'udp', 'both'], schema: choice(['tcp', 'udp', 'both'] as const) }),
  option({ name: 'schedule', kind: 'string', placeholder: '"CRON"', description: 'Cron schedule in quotes, e.g. "0 3 * * *" ("" removes it)', schema: textOrEmpty(100) }),
  option({ name: 'tz', kind: 'string', placeholder: 'ZONE', description: 'Time zone of the schedule, e.g. Europe/Berlin', schema: text(64) }),
  option({ name: 'from', kind: 'string', placeholder: 'POOL', description: 'Scanner pool whose scanners run it (default: default)', schema: text(40) }),
];
