// Help, the README's command table, Discord's descriptions and error messages are written from the same
// definitions the parser validates with. These tests fail when the words drift from what is accepted:
// defaults against the service's SCAN_DEFAULTS, limits against LIMITS, aliases against the parser, and the
// README table against the generated one (UPDATE_README=1 rewrites it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMITS, SCAN_DEFAULTS } from '../../../core/scans/scan-input.js';
import { argHelp } from '../../../bot/commands/arg-help.js';
import { COMMANDS, commandDef } from '../../../bot/commands/catalog.js';
import { discordCommandJson } from '../../../bot/commands/discord-shape.js';
import { parseCommandText } from '../../../bot/commands/parse.js';
import { commandTableMarkdown, helpReply } from '../../../bot/presenters/help.js';
import { formatDuration } from '../../../scanner/durations.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const START = '<!-- commands:start (generated from bot/commands/catalog.ts by test/unit/commands/help-drift.test.ts) -->';
const END = '<!-- commands:end -->';

function refusal(text: string): string {
  try {
    parseCommandText(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`"${text}" was accepted`);
}

function helpText(name: Parameters<typeof commandDef>[0]): string {
  const reply = helpReply(commandDef(name));
  return [...(reply.text ?? []), ...(reply.table?.rows.flat() ?? [])].join('\n');
}

describe('help and errors agree with the parser and the service', () => {
  it('states the defaults the service applies', () => {
    const create = helpText('create');
    expect(create).toContain(`Scan engine; default ${SCAN_DEFAULTS.scanner}`);
    expect(create).toContain(`default ${SCAN_DEFAULTS.ports}`);
    expect(create).toContain(`default ${SCAN_DEFAULTS.rate}`);
    expect(create).toContain(`default ${formatDuration(SCAN_DEFAULTS.timeoutSeconds)}`);
    expect(create).toContain(`default ${SCAN_DEFAULTS.portTimeoutMs}`);
    expect(create).toContain(`default ${SCAN_DEFAULTS.protocol}`);
    expect(create).not.toMatch(/default hybrid/);
  });

  it('accepts every alias help shows, and help shows every alias the parser accepts', () => {
    expect(parseCommandText('list status=done')).toEqual({ name: 'list', args: { status: 'completed' } });
    expect(parseCommandText('logs SCAN-1 level=warn')).toEqual({ name: 'logs', args: { id: 'SCAN-1', level: 'warning' } });
    expect(helpText('list')).toContain('completed (or done)');
    expect(helpText('logs')).toContain('warning (or warn)');
    for (const def of COMMANDS) {
      for (const arg of [...def.positionals, ...def.options]) {
        for (const [alias, canonical] of Object.entries(arg.aliases ?? {})) {
          expect(argHelp(arg)).toContain(alias);
          const positional = def.positionals.indexOf(arg);
          if (positional >= 0 || def.positionals.some((p) => p.required && p !== arg && p.name !== 'id')) continue;
          const text = def.positionals.some((p) => p.name === 'id') ? `${def.name} SCAN-1 ${arg.name}=${alias}` : `${def.name} ${arg.name}=${alias}`;
          expect((parseCommandText(text).args as Record<string, unknown>)[arg.name]).toBe(canonical);
        }
      }
    }
    expect(refusal('list status=finished')).toContain('completed (or done)');
  });

  it('states the limits the service enforces, and the parser refuses at the same place', () => {
    const name = 'n'.repeat(LIMITS.maxNameLength);
    expect(parseCommandText(`create ${name} 203.0.113.1`).name).toBe('create');
    expect(refusal(`create ${name}x 203.0.113.1`)).toContain(`at most ${LIMITS.maxNameLength} characters`);
    expect(helpText('create')).toContain(`1 to ${LIMITS.maxRate.toLocaleString('en-US')}`);
    expect(refusal(`update SCAN-1 rate=${LIMITS.maxRate + 1}`)).toContain(`from 1 to ${LIMITS.maxRate}`);
    expect(refusal(`update SCAN-1 timeout=${LIMITS.maxTimeoutSeconds + 1}`)).toContain(formatDuration(LIMITS.maxTimeoutSeconds));
    expect(refusal(`update SCAN-1 port-timeout=${LIMITS.minPortTimeoutMs - 1}`)).toContain(`from ${LIMITS.minPortTimeoutMs} to ${LIMITS.maxPortTimeoutMs}`);
    expect(helpText('list')).toContain(`default ${LIMITS.listDefaultLimit}`);
  });

  it('gives Discord the same words, cut to 100 characters at a word', () => {
    const create = discordCommandJson().options.find((o) => o.name === 'create')!;
    const scanner = create.options!.find((o) => o.name === 'scanner')!;
    expect(scanner.description).toContain(`default ${SCAN_DEFAULTS.scanner}`);
    for (const sub of discordCommandJson().options) for (const o of sub.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
  });

  it('keeps the README command table equal to the generated one', () => {
    const readme = readFileSync(README, 'utf8');
    const generated = `${START}\n${commandTableMarkdown()}\n${END}`;
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (process.env.UPDATE_README === '1' && start >= 0 && end > start) {
      writeFileSync(README, readme.slice(0, start) + generated + readme.slice(end + END.length));
      return;
    }
    expect(start, 'README.md lacks the generated command table markers').toBeGreaterThanOrEqual(0);
    expect(readme.slice(start, end + END.length), 'README command table drifted: run UPDATE_README=1 npx vitest run test/unit/commands/help-drift.test.ts').toBe(generated);
    expect(readme).not.toMatch(/stop and delete ask for confirmation/);
  });
});
