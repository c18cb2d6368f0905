// Value parsers for command arguments, as zod schemas: each takes a raw value (text gives strings, Discord
// gives strings and numbers) and yields the normalised value or an error message a user can act on.
// Only the shape is checked here; the scan service validates meaning (targets in scope, port specs).
import { z } from 'zod';
import { formatDuration, parseDuration } from '../../scanner/durations.js';

const raw = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v).trim());

/** Free text, 1..max characters. */
export function text(max = 500, hint = ''): z.ZodType<string> {
  return raw.pipe(
    z.string().min(1, `must not be empty${hint}`).max(max, `is too long (at most ${max} characters)`),
  );
}

/** Text that may be empty (e.g. `schedule=""` removes a schedule). */
export function textOrEmpty(max = 200): z.ZodType<string> {
  return raw.pipe(z.string().max(max, `is too long (at most ${max} characters)`));
}

/** A scan id, case-insensitive, `SCAN-1001` or just `1001`. */
export const scanId: z.ZodType<string> = raw.transform((value, ctx) => {
  const match = /^(?:scan-?)?(\d{1,12})$/i.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${clip(value)}" is not a scan id (they look like SCAN-1001; \`/scan list\` shows them)` });
    return z.NEVER;
  }
  return `SCAN-${match[1]}`;
});

/** A CVE id, case-insensitive: `CVE-2024-6387`. */
export const cveId: z.ZodType<string> = raw.transform((value, ctx) => {
  const match = /^cve-(\d{4})-(\d{4,7})$/i.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${clip(value)}" is not a CVE id (they look like CVE-2024-6387)` });
    return z.NEVER;
  }
  return `CVE-${match[1]}-${match[2]}`;
});

export function integer(min: number, max: number, unit = ''): z.ZodType<number> {
  return raw.transform((value, ctx) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}${unit}, not "${clip(value)}"` });
      return z.NEVER;
    }
    return Number(value);
  });
}

/** One of `choices`; `aliases` maps other accepted words to a choice (`done` → `completed`). */
export function choice<T extends string>(choices: readonly T[], aliases: Readonly<Record<string, T>> = {}): z.ZodType<T> {
  return raw.transform((value, ctx) => {
    const lower = value.toLowerCase();
    const canonical = (choices as readonly string[]).includes(lower) ? (lower as T) : aliases[lower];
    if (canonical === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${choiceList(choices, aliases)}, not "${clip(value)}"` });
      return z.NEVER;
    }
    return canonical;
  });
}

/** `completed (or done), failed, warning (or warn)`: the accepted values as help and errors write them. */
export function choiceList(choices: readonly string[], aliases: Readonly<Record<string, string>> = {}): string {
  return choices
    .map((c) => {
      const others = Object.entries(aliases).filter(([, to]) => to === c).map(([from]) => from);
      return others.length > 0 ? `${c} (or ${others.join(', ')})` : c;
    })
    .join(', ');
}

/** A duration in seconds: `600`, `90s`, `15m`, `2h`, `1h 30m` (scanner/durations.ts parseDuration). */
export function duration(minSeconds: number, maxSeconds: number): z.ZodType<number> {
  return raw.transform((value, ctx) => {
    let seconds: number;
    try {
      seconds = parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a duration: ${error instanceof Error ? error.message : String(error)}` });
      return z.NEVER;
    }
    if (seconds < minSeconds || seconds > maxSeconds) {
      ctx.addIssue({ code: 'custom', message: `must be from ${formatDuration(minSeconds)} to ${formatDuration(maxSeconds)}, not ${formatDuration(seconds)}` });
      return z.NEVER;
    }
    return seconds;
  });
}

/**
 * A user id: `<@U123>`, `<@U123|name>`, `<@!123>` (mentions), the bare id, or `slack:U123` /
 * `discord:123` to name a user of another platform (how a console admin grants chat roles).
 */
export const userId: z.ZodType<string> = raw.transform((value, ctx) => {
  const mention = /^<@!?([A-Za-z0-9_.-]+)(?:\|[^>]*)?>$/.exec(value);
  const id = mention ? mention[1]! : value.replace(/^@/, '');
  if (!/^(?:(?:slack|discord|console):)?[A-Za-z0-9_.-]{1,64}$/i.test(id)) {
    ctx.addIssue({ code: 'custom', message: `"${clip(value)}" is not a user (mention them, e.g. @alice, or give their id)` });
    return z.NEVER;
  }
  return id;
});

/** Shortens user text quoted back in an error message. */
export function clip(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
