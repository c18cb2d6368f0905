// The definitions are the single source of the grammar, the Discord command and the help: check they are
// complete, within Discord's limits, and that every documented example and button really parses.
import { describe, expect, it } from 'vitest';
import { BUTTON_ACTIONS, commandForAction } from '../../../bot/commands/actions.js';
import { COMMANDS, usageOf } from '../../../bot/commands/catalog.js';
import { COMMAND_NAMES } from '../../../bot/commands/definitions.js';
import { discordCommandJson } from '../../../bot/commands/discord-shape.js';
import { HANDLERS } from '../../../bot/commands/handlers/index.js';
import { parseCommandRequest, parseCommandText } from '../../../bot/commands/parse.js';
import { helpReply } from '../../../bot/presenters/help.js';

describe('command definitions', () => {
  it('define every sub-command of DESIGN §2 plus role, each with a handler', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of ['create', 'list', 'show', 'stop', 'rerun', 'update', 'delete', 'history', 'logs', 'errors', 'vulns', 'diff', 'report', 'scanners', 'scope', 'notify', 'help', 'role']) {
      expect(COMMAND_NAMES).toContain(name);
      expect(typeof HANDLERS[name as keyof typeof HANDLERS]).toBe('function');
    }
  });

  it('parse every documented example', () => {
    for (const def of COMMANDS) {
      for (const example of def.examples) expect(parseCommandText(example).name).toBe(def.name);
    }
  });

  it('write usage lines from the definitions', () => {
    const create = COMMANDS.find((c) => c.name === 'create')!;
    expect(usageOf(create)).toBe('/scan create NAME TARGETS [ports=SPEC] [scanner=masscan|nmap|hybrid] [rate=PPS] [timeout=DURATION] [port-timeout=MS] [proto=tcp|udp|both] [schedule="CRON"] [tz=ZONE] [from=POOL]');
    expect(usageOf(COMMANDS.find((c) => c.name === 'notify')!)).toBe('/scan notify alerts|reports|all [off]');
  });

  it('map every button to a command that validates', () => {
    for (const action of BUTTON_ACTIONS) {
      const parsed = parseCommandRequest(commandForAction(action, 'scan-1001'));
      expect(parsed.args).toMatchObject({ id: 'SCAN-1001' });
    }
    expect(parseCommandRequest(commandForAction('scan.delete', 'SCAN-1'))).toEqual({ name: 'delete', args: { id: 'SCAN-1', confirm: 'yes' } });
  });
});

describe('discordCommandJson', () => {
  const json = discordCommandJson();

  it('stays within Discord limits: ≤ 25 sub-commands/options/choices, names ≤ 32 lowercase, descriptions ≤ 100', () => {
    expect(json.options.length).toBeLessThanOrEqual(25);
    for (const sub of json.options) {
      expect(sub.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(sub.description.length).toBeGreaterThan(0);
      expect(sub.description.length).toBeLessThanOrEqual(100);
      expect((sub.options ?? []).length).toBeLessThanOrEqual(25);
      let optionalSeen = false;
      for (const option of sub.options ?? []) {
        expect(option.name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(option.description.length).toBeLessThanOrEqual(100);
        expect((option.choices ?? []).length).toBeLessThanOrEqual(25);
        if (!option.required) optionalSeen = true;
        else expect(optionalSeen, `${sub.name}.${option.name}: required after optional`).toBe(false);
      }
    }
  });

  it('types options: integers, choices and users', () => {
    const create = json.options.find((o) => o.name === 'create')!;
    expect(create.options?.find((o) => o.name === 'rate')).toMatchObject({ type: 4, required: false, min_value: 1 });
    expect(create.options?.find((o) => o.name === 'scanner')?.choices?.map((c) => c.value)).toEqual(['masscan', 'nmap', 'hybrid']);
    const list = json.options.find((o) => o.name === 'list')!;
    expect(list.options?.map((o) => o.name)).toEqual(['status', 'limit', 'page']);
    expect(list.options?.find((o) => o.name === 'limit')).toMatchObject({ type: 4, required: false, min_value: 1, max_value: 200 });
    expect(create.options?.slice(0, 2).map((o) => [o.name, o.required])).toEqual([['name', true], ['targets', true]]);
    const role = json.options.find((o) => o.name === 'role')!;
    expect(role.options?.find((o) => o.name === 'user')?.type).toBe(6);
    const scope = json.options.find((o) => o.name === 'scope')!;
    expect(scope.options?.map((o) => o.name)).toEqual(['action', 'cidr', 'confirm']);
  });
});

describe('help', () => {
  it('lists every command with its role and explains role grants', () => {
    const reply = helpReply();
    expect(reply.table?.rows.map((r) => r[0])).toEqual(COMMANDS.map((c) => `/scan ${c.name}`));
    expect(reply.table?.rows.find((r) => r[0] === '/scan delete')?.[2]).toBe('admin');
    expect(reply.table?.rows.find((r) => r[0] === '/scan scope')?.[2]).toBe('viewer (list), admin (add/remove)');
    expect(reply.text?.join('\n')).toContain('/scan role grant USER viewer|operator|admin');
  });

  it('shows one command with usage, arguments and examples', () => {
    const reply = helpReply(COMMANDS.find((c) => c.name === 'create'));
    const text = reply.text?.join('\n') ?? '';
    expect(text).toContain('Usage: `/scan create NAME TARGETS');
    expect(text).toContain('Example: `/scan create web 203.0.113.0/28 ports=80,443 schedule="0 3 * * *"`');
    expect(reply.table?.rows).toContainEqual(['timeout=DURATION', 'Whole-run timeout: 600, 90s, 15m, 2h (10s to 2h); default 1h']);
    expect(reply.fields).toContainEqual({ label: 'Role', value: 'operator', inline: true });
  });
});
