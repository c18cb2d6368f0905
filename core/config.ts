// The whole configuration of Portcullis: one zod schema over the environment (DESIGN §7), parsed once at
// start. Every problem is listed at once, so an operator fixes them in one go.
import { accessSync, constants, statSync } from 'node:fs';
import { CronExpressionParser } from 'cron-parser';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { normaliseCidr } from '../scanner/scope.js';
import { ConfigError } from './errors.js';

const optionalString = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v ? v : undefined));

// The engine's own strict parser: `10.1` or `0x7f.1` (which ipaddr.isValid accepts) would otherwise pass
// here and then be ignored by the engine, silently not enforcing a deny entry.
function isCidrOrAddress(value: string): boolean {
  try {
    normaliseCidr(value);
    return true;
  } catch {
    return false;
  }
}

const cidrList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
  .superRefine((items, ctx) => {
    for (const item of items) {
      if (!isCidrOrAddress(item)) ctx.addIssue({ code: 'custom', message: `"${item}" is not an IP address or CIDR (e.g. 203.0.113.0/24)` });
    }
  });

const adminList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
  .superRefine((items, ctx) => {
    for (const item of items) {
      if (!/^(slack|discord|console):[A-Za-z0-9_.-]+$/.test(item)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not of the form platform:id (e.g. slack:U0123ABC, discord:123456789012345678)` });
      }
    }
  })
  .transform((items) => items.map((item) => {
    const [platform, id] = item.split(':') as [string, string];
    return { platform: platform as 'slack' | 'discord' | 'console', id };
  }));

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A cron expression cron-parser (and so BullMQ's job schedulers) accepts; the message says why not. */
const cronExpression = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()))
    .superRefine((v, ctx) => {
      try {
        CronExpressionParser.parse(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `"${v.slice(0, 80)}" is not a cron expression (${(error as Error).message}); e.g. "0 8 * * 1" for Mondays at 08:00` });
      }
    });

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, `must be a whole number from ${min} to ${max}`)
    .transform(Number);

export const configSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/portcullis'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString.pipe(url(['http:', 'https:']).optional()),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: url(['http:', 'https:']).default('https://discord.com/api'),
  PORT: intInRange(0, 65535, 3000),
  SCOPE_ALLOW: cidrList,
  SCOPE_DENY: cidrList,
  MASSCAN_ADAPTER: optionalString,
  MASSCAN_ADAPTER_IP: optionalString.refine((v) => v === undefined || ipaddr.isValid(v), 'must be an IP address'),
  MASSCAN_ROUTER_MAC: optionalString.refine((v) => v === undefined || /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(v), 'must be a MAC address like 02:00:00:aa:bb:cc'),
  WORKER_CONCURRENCY: intInRange(1, 64, 2),
  ADMINS: adminList,
  PORTCULLIS_OUTPUT_DIR: z.string().default('./portcullis-output'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How many runs per scan to keep; 0 keeps all. */
  RUN_RETENTION: intInRange(0, 100000, 0),
  /** Seconds between scanner heartbeats; a scanner is offline after two missed beats. */
  HEARTBEAT_INTERVAL_SECONDS: intInRange(1, 3600, 15),
  /** When the executive summary goes to `/scan notify reports` channels (cron; default Mondays 08:00). */
  REPORT_SCHEDULE: cronExpression('0 8 * * 1'),
  /** The time zone REPORT_SCHEDULE is read in (IANA name). */
  REPORT_TIMEZONE: z.string().trim().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris'),
  /** For `rediss://`: PEM file of the CA that signed the Redis server's certificate (default: the system's CAs). */
  REDIS_CA_FILE: optionalString.refine((v) => v === undefined || isReadableFile(v), 'must be a readable PEM file (the CA certificate of the Redis server)'),
  /** For `rediss://` to an address: the name the server's certificate carries. */
  REDIS_TLS_SERVERNAME: optionalString,
  /** /metrics answers only requests with `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is off. */
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters (e.g. openssl rand -hex 24)'),
  /** A host with more open ports than this is one "answers everywhere" finding (SYN proxy or tarpit), not port rows. */
  TARPIT_PORT_THRESHOLD: intInRange(1, 131072, 1000),
  /** How often the control plane's reaper looks for runs nobody will end (worker lost, final write failed). */
  REAPER_INTERVAL_SECONDS: intInRange(1, 3600, 30),
  /** How often long-running processes probe Redis and PostgreSQL (degraded/recovered, schedules re-registered). */
  DEPENDENCY_CHECK_SECONDS: intInRange(1, 600, 5),
  /** After SIGTERM/SIGINT a process exits within this many seconds, whatever it still waits on. */
  SHUTDOWN_GRACE_SECONDS: intInRange(1, 3600, 30),
  /** On a scanner: the control plane's order-verification key (`npx portcullis scanners public-key`). */
  SCANNER_ORDER_KEY: optionalString,
  /** On the control plane: the Redis address scanners connect to, put in the connection strings `scanners add` prints (default REDIS_URL). */
  SCANNER_REDIS_URL: optionalString.pipe(url(['redis:', 'rediss:']).optional()),
  /** On the control plane: create a Redis ACL user for the embedded scanner of `start` (off: it shares the control plane's connection). */
  LOCAL_SCANNER_ACL: z.enum(['on', 'off']).default('on'),
  /** Optional NVD API key for `vulndb sync` (50 requests per 30 s instead of 5). */
  NVD_API_KEY: optionalString,
  /** The NVD CVE API 2.0 (tests point it at a local fake). */
  NVD_API_URL: url(['http:', 'https:']).default('https://services.nvd.nist.gov/rest/json/cves/2.0'),
  /** The CISA KEV catalog JSON (tests point it at a local fake). */
  KEV_URL: url(['http:', 'https:']).default('https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const config = result.data;
  const problems: string[] = [];
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set');
  }
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (to register the /scan command)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
