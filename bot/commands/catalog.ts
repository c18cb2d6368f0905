// Every sub-command of `/scan` (DESIGN §2), defined once. The parser, the Discord command builder and the
// help text all read this list; adding a command here is the only way to add one.
import { choice, cveId, integer, text, userId } from './arg-values.js';
import { configOptions, idArg, levelOption, minSeverityOption, nameSchema, option, positional, runOption, statusOption } from './args.js';
import { COMMAND_NAMES, type CommandDef, type CommandName } from './definitions.js';
import { LIMITS } from '../../core/scans/scan-input.js';

const { listDefaultLimit: LIST_DEFAULT_LIMIT, listMaxLimit: LIST_MAX_LIMIT } = LIMITS;

const reportKinds = ['executive', 'technical', 'remediation'] as const;
const reportFormats = ['pdf', 'md', 'csv', 'json'] as const;

export const COMMANDS: readonly CommandDef[] = [
  {
    name: 'create', summary: 'Create a scan and run it now (or on its schedule)', role: 'operator', mutating: true,
    details: ['TARGETS: comma-separated IPs/CIDRs (v4 and v6), all inside the registered scope (`/scan scope list`).'],
    positionals: [
      positional({ name: 'name', kind: 'string', placeholder: 'NAME', description: 'A name for the scan, e.g. web', schema: nameSchema }),
      positional({ name: 'targets', kind: 'string', placeholder: 'TARGETS', description: 'Comma-separated IPs/CIDRs, e.g. 203.0.113.0/28', schema: text(2000) }),
    ],
    options: configOptions,
    examples: ['create web 203.0.113.0/28 ports=80,443 schedule="0 3 * * *"'],
  },
  {
    name: 'list', summary: 'The scans: id, name, status, findings, severities, last run', role: 'viewer', mutating: false,
    positionals: [],
    details: [`One page at a time, the scans with the newest activity (latest run, else creation) first: ${LIST_DEFAULT_LIMIT} a page unless limit= says otherwise.`],
    options: [
      statusOption,
      option({ name: 'limit', kind: 'integer', placeholder: 'N', description: 'Scans per page', defaultText: String(LIST_DEFAULT_LIMIT), min: 1, max: LIST_MAX_LIMIT, schema: integer(1, LIST_MAX_LIMIT, ' scans per page') }),
      option({ name: 'page', kind: 'integer', placeholder: 'N', description: 'Which page', defaultText: '1 (the newest activity)', min: 1, max: 1_000_000, schema: integer(1, 1_000_000) }),
    ],
    examples: ['list', 'list status=failed', 'list status=done', 'list page=2', 'list limit=100'],
  },
  { name: 'show', summary: 'Summary of a scan: status, findings, severities, progress, chart', role: 'viewer', mutating: false, positionals: [idArg], options: [], examples: ['show SCAN-1001'] },
  { name: 'stop', summary: 'Stop the planned or running run of a scan (keeps what was found)', role: 'operator', mutating: true, positionals: [idArg], options: [], examples: ['stop SCAN-1001'] },
  { name: 'rerun', summary: 'Run a scan again with its stored configuration', role: 'operator', mutating: true, positionals: [idArg], options: [], examples: ['rerun SCAN-1001'] },
  {
    name: 'update', summary: 'Change targets, ports, scanner, rate, timeouts or schedule of a scan', role: 'operator', mutating: true,
    positionals: [idArg],
    options: [
      option({ name: 'name', kind: 'string', placeholder: 'NAME', description: 'New name', schema: nameSchema }),
      option({ name: 'targets', kind: 'string', placeholder: 'TARGETS', description: 'Comma-separated IPs/CIDRs', schema: text(2000) }),
      ...configOptions,
    ],
    examples: ['update SCAN-1001 ports=top100 rate=500', 'update SCAN-1001 schedule=""'],
  },
  {
    name: 'delete', summary: 'Delete a scan and all its data (asks for confirmation)', role: 'admin', mutating: true,
    details: ['Without confirm=yes it only asks: the Delete button (or typing confirm=yes) deletes the scan, its runs, logs and findings.'],
    positionals: [idArg],
    options: [option({ name: 'confirm', kind: 'choice', placeholder: 'yes', description: 'Skip the question: confirm=yes deletes at once', choices: ['yes'], schema: choice(['yes'] as const) })],
    examples: ['delete SCAN-1001', 'delete SCAN-1001 confirm=yes'],
  },
  { name: 'history', summary: 'The runs of a scan: number, status, start, duration, open ports, error', role: 'viewer', mutating: false, positionals: [idArg], options: [], examples: ['history SCAN-1001'] },
  {
    name: 'logs', summary: 'Timestamped log lines of a run (the full log as a file when long)', role: 'viewer', mutating: false,
    positionals: [idArg],
    options: [{ ...runOption, defaultText: 'the latest run' }, levelOption],
    examples: ['logs SCAN-1001', 'logs SCAN-1001 run=2 level=error', 'logs SCAN-1001 level=warn'],
  },
  { name: 'errors', summary: 'The error of each failed run with its error log lines', role: 'viewer', mutating: false, positionals: [idArg], options: [], examples: ['errors SCAN-1001'] },
  {
    name: 'vulns', summary: 'Findings of the latest completed run, most severe first', role: 'viewer', mutating: false,
    positionals: [idArg],
    details: ['Known CVEs (matched from the detected versions against NVD and the CISA KEV catalog) are listed with their CVSS, the known-exploited mark and the fixed version.'],
    options: [
      minSeverityOption, runOption,
      option({ name: 'kev', kind: 'choice', placeholder: 'only', description: 'only: just findings with a known-exploited CVE', choices: ['only'], schema: choice(['only'] as const) }),
    ],
    examples: ['vulns SCAN-1001 min=high', 'vulns SCAN-1001 kev=only'],
  },
  { name: 'diff', summary: 'New, gone and changed ports vs the previous completed run, within what both scanned', role: 'viewer', mutating: false, positionals: [idArg], options: [runOption], examples: ['diff SCAN-1001', 'diff SCAN-1001 run=3'] },
  {
    name: 'report', summary: 'Build a report file: executive, technical or remediation', role: 'viewer', mutating: false,
    positionals: [idArg, positional({ name: 'kind', kind: 'choice', placeholder: 'executive|technical|remediation', description: 'Which report', choices: reportKinds, schema: choice(reportKinds) })],
    details: ['A report speaks for the latest completed run; while a newer run is planned or running, or after it failed or was cancelled, the report says so at the top.'],
    options: [option({ name: 'format', kind: 'choice', placeholder: 'pdf|md|csv|json', description: 'File format', defaultText: 'pdf', choices: reportFormats, schema: choice(reportFormats) })],
    examples: ['report SCAN-1001 executive', 'report SCAN-1001 technical format=csv'],
  },
  {
    name: 'scanners', summary: 'The scanners: pool, online/offline, version, capabilities, jobs; add NAME, revoke NAME (admin)', mutating: true,
    role: (args) => (args.action === undefined || args.action === 'list' ? 'viewer' : 'admin'),
    details: ['`add NAME [pool=POOL]` creates a scanner and shows its connection string once, only to you. `revoke NAME` cuts it off at once.'],
    positionals: [
      positional({ name: 'action', kind: 'choice', placeholder: 'list|add|revoke', description: 'What to do (default list)', required: false, choices: ['list', 'add', 'revoke'], schema: choice(['list', 'add', 'revoke'] as const) }),
      positional({ name: 'name', kind: 'string', placeholder: 'NAME', description: 'The scanner (add/revoke), e.g. edge-eu-1', required: false, schema: text(40) }),
    ],
    options: [option({ name: 'pool', kind: 'string', placeholder: 'POOL', description: 'Pool of a new scanner (default: default)', schema: text(40) })],
    examples: ['scanners', 'scanners add edge-eu-1 pool=dmz', 'scanners revoke edge-eu-1'],
    privateReply: (args) => args.action === 'add' || args.action === 'revoke', // the credential goes to the admin alone
  },
  {
    name: 'scope', summary: 'The CIDRs targets must lie in: list, add CIDR, remove CIDR (admin)', mutating: true,
    role: (args) => (args.action === 'list' ? 'viewer' : 'admin'),
    positionals: [
      positional({ name: 'action', kind: 'choice', placeholder: 'list|add|remove', description: 'What to do', choices: ['list', 'add', 'remove'], schema: choice(['list', 'add', 'remove'] as const) }),
      positional({ name: 'cidr', kind: 'string', placeholder: 'CIDR', description: 'The range, e.g. 203.0.113.0/24 (add/remove)', required: false, schema: text(64) }),
    ],
    details: ['A range wider than a /16 (IPv6: a /48) is only added with confirm=yes: every scan may target what the scope holds.'],
    options: [option({ name: 'confirm', kind: 'choice', placeholder: 'yes', description: 'Add a range wider than a /16 (IPv6 /48)', choices: ['yes'], schema: choice(['yes'] as const) })],
    examples: ['scope list', 'scope add 203.0.113.0/24', 'scope add 198.51.0.0/12 confirm=yes', 'scope remove 203.0.113.0/24'],
  },
  {
    name: 'notify', summary: 'Route failure/new-exposure alerts and/or report summaries to this channel', role: 'admin', mutating: true,
    positionals: [
      positional({ name: 'kind', kind: 'choice', placeholder: 'alerts|reports|all', description: 'Which notifications', choices: ['alerts', 'reports', 'all'], schema: choice(['alerts', 'reports', 'all'] as const) }),
      positional({ name: 'state', kind: 'choice', placeholder: 'off', description: 'off stops them here (default on)', required: false, choices: ['on', 'off'], schema: choice(['on', 'off'] as const) }),
    ],
    options: [],
    examples: ['notify alerts', 'notify all off'],
  },
  {
    name: 'role', summary: 'Grant a user a role: viewer (read), operator (run scans), admin', role: 'admin', mutating: true,
    details: ['Admins grant roles from chat. The first admins come from the ADMINS setting; console users are always admins.'],
    positionals: [
      positional({ name: 'action', kind: 'choice', placeholder: 'grant', description: 'What to do', choices: ['grant'], schema: choice(['grant'] as const) }),
      positional({ name: 'user', kind: 'user', placeholder: 'USER', description: 'The user (mention or id)', schema: userId }),
      positional({ name: 'role', kind: 'choice', placeholder: 'viewer|operator|admin', description: 'The role', choices: ['viewer', 'operator', 'admin'], schema: choice(['viewer', 'operator', 'admin'] as const) }),
    ],
    options: [],
    examples: ['role grant @alice operator'],
  },
  {
    name: 'help', summary: 'Usage of all commands, or of one', role: null, mutating: false,
    positionals: [positional({ name: 'command', kind: 'choice', placeholder: 'COMMAND', description: 'A command', required: false, choices: COMMAND_NAMES, schema: choice(COMMAND_NAMES) })],
    options: [],
    examples: ['help', 'help create'],
    privateReply: true,
  },
  {
    name: 'cve', summary: 'Across all scans: the hosts and ports running a version affected by a CVE', role: 'viewer', mutating: false,
    details: ['Reads the latest run of every scan. `/scan vulndb` shows which vulnerability data is loaded.'],
    positionals: [positional({ name: 'cve', kind: 'string', placeholder: 'CVE-ID', description: 'A CVE id, e.g. CVE-2024-6387', schema: cveId })],
    options: [],
    examples: ['cve CVE-2024-6387'],
  },
  { name: 'vulndb', summary: 'The vulnerability data loaded (NVD records, KEV catalog) and when', role: 'viewer', mutating: false, positionals: [], options: [], examples: ['vulndb'] },
];

const byName = new Map<string, CommandDef>(COMMANDS.map((c) => [c.name, c]));

export function findCommand(name: string): CommandDef | undefined {
  return byName.get(name.toLowerCase());
}

export function commandDef(name: CommandName): CommandDef {
  const def = byName.get(name);
  if (!def) throw new Error(`no definition for command ${name}`);
  return def;
}

/** `/scan create NAME TARGETS [ports=SPEC] …` */
export function usageOf(def: CommandDef): string {
  const parts = [`/scan ${def.name}`];
  for (const p of def.positionals) parts.push(p.required ? p.placeholder : `[${p.placeholder}]`);
  for (const o of def.options) parts.push(`[${o.name}=${o.placeholder}]`);
  return parts.join(' ');
}
