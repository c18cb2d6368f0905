// The shape of a command definition: one description per sub-command of DESIGN §2, from which the text
// parser (Slack, console), the Discord sub-command builder and `/scan help` are all derived. Adapters read
// these types; they never hard-code a command or an option.
import type { ZodType } from 'zod';
import type { LogLevel, ProtocolChoice, ScannerKind, Severity } from '../../scanner/types.js';
import type { Role, RunStatus } from '../../core/scans/scan-model.js';

export const COMMAND_NAMES = [
  'create', 'list', 'show', 'stop', 'rerun', 'update', 'delete', 'history', 'logs', 'errors',
  'vulns', 'diff', 'report', 'scanners', 'scope', 'notify', 'role', 'help', 'cve', 'vulndb',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * How a value is typed. Discord maps `string` → STRING, `integer` → INTEGER, `choice` → STRING with
 * `choices` (≤ 25), `user` → USER (Slack/console text accepts `<@U123>`, `<@U123|name>` or a bare id).
 */
export type ArgKind = 'string' | 'integer' | 'choice' | 'user';

export interface ArgDef {
  /** Lowercase, ≤ 32 chars: the `key=` of text and the Discord option name. */
  name: string;
  kind: ArgKind;
  /** What the argument is, without default, bounds or values: help adds those from the fields below. */
  description: string;
  required: boolean;
  /** For `choice`: the allowed values, lowercase, ≤ 25. */
  choices?: readonly string[];
  /** For `choice`: other words accepted for a value (`done` → `completed`), shown by help. */
  aliases?: Readonly<Record<string, string>>;
  /** What applies when the option is not given, as help shows it (from the service's defaults). */
  defaultText?: string;
  /** For `integer`: bounds (Discord min_value/max_value). */
  min?: number;
  max?: number;
  /** How the usage line shows the value, e.g. `SPEC`, `ID`. */
  placeholder: string;
  /** Validates and normalises one raw value (a string from text, a string or number from Discord). */
  schema: ZodType;
}

export interface CommandDef {
  name: CommandName;
  /** One line, ≤ 100 chars (Discord sub-command description). */
  summary: string;
  /** Longer help text shown by `/scan help NAME`. */
  details?: string[];
  /** Minimum role; `null` = anyone (help). A function when it depends on the arguments (scope list vs add). */
  role: Role | null | ((args: Record<string, unknown>) => Role | null);
  /** Changes something (create, stop, …): denied by default. */
  mutating: boolean;
  /** Positional arguments in order (text: `create web 203.0.113.0/28`; Discord: required options). */
  positionals: ArgDef[];
  /** `key=value` options (Discord: optional typed options). */
  options: ArgDef[];
  examples: string[];
  /**
   * The reply holds something only the requester may see (a scanner's credential), known before the
   * command runs, so adapters that must choose up front answer privately from the start (Discord defers
   * ephemeral). A function when it depends on the (raw) arguments. A reply marked ephemeral is private anyway.
   */
  privateReply?: boolean | ((args: Record<string, unknown>) => boolean);
}

/** The validated arguments of each command. Keys are the ArgDef names. */
export interface CommandArgs {
  create: {
    name: string; targets: string; ports?: string; scanner?: ScannerKind; rate?: number; timeout?: number;
    'port-timeout'?: number; proto?: ProtocolChoice; schedule?: string; tz?: string; from?: string;
  };
  list: { status?: RunStatus; limit?: number; page?: number };
  show: { id: string };
  stop: { id: string };
  rerun: { id: string };
  update: {
    id: string; name?: string; targets?: string; ports?: string; scanner?: ScannerKind; rate?: number; timeout?: number;
    'port-timeout'?: number; proto?: ProtocolChoice; schedule?: string; tz?: string; from?: string;
  };
  delete: { id: string; confirm?: 'yes' };
  history: { id: string };
  logs: { id: string; run?: number; level?: LogLevel };
  errors: { id: string };
  vulns: { id: string; min?: Severity; run?: number; kev?: 'only' };
  diff: { id: string; run?: number };
  report: { id: string; kind: 'executive' | 'technical' | 'remediation'; format?: 'pdf' | 'md' | 'csv' | 'json' };
  scanners: { action?: 'list' | 'add' | 'revoke'; name?: string; pool?: string };
  scope: { action: 'list' | 'add' | 'remove'; cidr?: string; confirm?: 'yes' };
  notify: { kind: 'alerts' | 'reports' | 'all'; state?: 'on' | 'off' };
  role: { action: 'grant'; user: string; role: Role };
  help: { command?: CommandName };
  cve: { cve: string };
  vulndb: Record<string, never>;
}

/** A validated command, typed per sub-command. */
export type ParsedCommand = { [K in CommandName]: { name: K; args: CommandArgs[K] } }[CommandName];

/**
 * A command as structured input, before validation: what the Discord adapter builds from an
 * interaction's options and what button actions map to. `handleCommand` validates it with the same
 * schemas as text.
 */
export interface CommandRequest {
  name: string;
  args: Record<string, string | number | boolean | undefined>;
}
