// The grammar: the same definitions parse text (Slack, console) and structured input (Discord, buttons).
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/errors.js';
import { parseCommandRequest, parseCommandText } from '../../../bot/commands/parse.js';

function refusal(text: string): UserError {
  try {
    parseCommandText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseCommandText', () => {
  it('parses positionals, key=value options and quoted values with spaces', () => {
    expect(parseCommandText('create web 203.0.113.0/28 ports=80,443 schedule="0 3 * * *"')).toEqual({
      name: 'create',
      args: { name: 'web', targets: '203.0.113.0/28', ports: '80,443', schedule: '0 3 * * *' },
    });
  });

  it('accepts the /scan prefix, curly quotes from Slack and a quoted positional', () => {
    expect(parseCommandText('/scan create "web front" 203.0.113.5 tz=Europe/Berlin schedule=\u201c*/5 * * * *\u201d')).toEqual({
      name: 'create',
      args: { name: 'web front', targets: '203.0.113.5', tz: 'Europe/Berlin', schedule: '*/5 * * * *' },
    });
    expect(parseCommandText('scan show SCAN-7')).toEqual({ name: 'show', args: { id: 'SCAN-7' } });
  });

  it('types options: integers, durations, choices (case-insensitive)', () => {
    expect(parseCommandText('CREATE a 203.0.113.1 rate=500 timeout=15m port-timeout=800 scanner=NMAP proto=both')).toEqual({
      name: 'create',
      args: { name: 'a', targets: '203.0.113.1', rate: 500, timeout: 900, 'port-timeout': 800, scanner: 'nmap', proto: 'both' },
    });
    expect(parseCommandText('logs scan-12 run=3 level=ERROR')).toEqual({ name: 'logs', args: { id: 'SCAN-12', run: 3, level: 'error' } });
  });

  it('pages list with limit (1–200) and page, keeping the status filter', () => {
    expect(parseCommandText('list status=FAILED limit=50 page=3')).toEqual({ name: 'list', args: { status: 'failed', limit: 50, page: 3 } });
    expect(refusal('list limit=500').message).toContain('limit (N) must be a whole number from 1 to 200 scans per page');
    expect(refusal('list page=0').message).toContain('page (N) must be a whole number from 1');
  });

  it('normalises scan ids case-insensitively, also a bare number', () => {
    expect(parseCommandText('show scan-1001').args).toEqual({ id: 'SCAN-1001' });
    expect(parseCommandText('show 1001').args).toEqual({ id: 'SCAN-1001' });
  });

  it('keeps an empty quoted value (update schedule="" removes the schedule)', () => {
    expect(parseCommandText('update SCAN-3 schedule=""')).toEqual({ name: 'update', args: { id: 'SCAN-3', schedule: '' } });
  });

  it('treats an empty command as help and parses help topics', () => {
    expect(parseCommandText('/scan')).toEqual({ name: 'help', args: {} });
    expect(parseCommandText('help create')).toEqual({ name: 'help', args: { command: 'create' } });
  });

  it('parses scope, notify and role grant with their sub-actions and mentions', () => {
    expect(parseCommandText('scope add 203.0.113.0/24')).toEqual({ name: 'scope', args: { action: 'add', cidr: '203.0.113.0/24' } });
    expect(parseCommandText('notify all off')).toEqual({ name: 'notify', args: { kind: 'all', state: 'off' } });
    expect(parseCommandText('role grant <@U0ABC|alice> operator')).toEqual({ name: 'role', args: { action: 'grant', user: 'U0ABC', role: 'operator' } });
  });
});

describe('parseCommandText refusals', () => {
  it('suggests the closest sub-command for a typo', () => {
    const error = refusal('crete web 203.0.113.0/28');
    expect(error.code).toBe('UNKNOWN_COMMAND');
    expect(error.message).toContain('Did you mean `/scan create`?');
    expect(error.usage).toMatch(/^\/scan create NAME TARGETS/);
  });

  it('names an unknown sub-command without a close match and points to help', () => {
    const error = refusal('launch-missiles');
    expect(error.message).toContain('Unknown command "launch-missiles"');
    expect(error.usage).toBe('/scan help [command]');
  });

  it('names the missing argument with the usage line', () => {
    const error = refusal('create web');
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('Missing TARGETS');
    expect(error.usage).toContain('/scan create NAME TARGETS [ports=SPEC]');
  });

  it('suggests the right option for a misspelt key', () => {
    expect(refusal('create a 203.0.113.1 rat=5').message).toContain('Did you mean rate=?');
  });

  it('says what a bad value should be', () => {
    expect(refusal('create a 203.0.113.1 rate=fast').message).toContain('rate (PPS) must be a whole number from 1 to 100000 packets per second');
    expect(refusal('create a 203.0.113.1 scanner=zmap').message).toContain('must be one of masscan, nmap, hybrid');
    expect(refusal('create a 203.0.113.1 timeout=3h').message).toContain('timeout (DURATION) must be from 10s to 2h');
    expect(refusal('create a 203.0.113.1 timeout=soon').message).toContain('is not a duration');
  });

  it('refuses a malformed scan id, extra words, duplicates and an unclosed quote', () => {
    expect(refusal('show web').message).toContain('"web" is not a scan id');
    expect(refusal('show SCAN-1 extra').message).toContain('Unexpected "extra"');
    expect(refusal('list status=failed status=running').message).toContain('status is given twice');
    expect(refusal('create a b schedule="0 3').message).toContain('double quote is not closed');
  });

  it('takes single quotes like double quotes, and a quote of the other kind inside as text', () => {
    expect(parseCommandText("update SCAN-1 schedule='0 3 * * *'")).toEqual({ name: 'update', args: { id: 'SCAN-1', schedule: '0 3 * * *' } });
    expect(parseCommandText("update SCAN-1 schedule=\u2018*/5 * * * *\u2019")).toEqual({ name: 'update', args: { id: 'SCAN-1', schedule: '*/5 * * * *' } });
    expect(parseCommandText(`update SCAN-1 name="it's web"`).args).toMatchObject({ name: "it's web" });
    expect(parseCommandText(`update SCAN-1 name='say "hi"'`).args).toMatchObject({ name: 'say "hi"' });
    expect(parseCommandText("update SCAN-1 schedule=''")).toEqual({ name: 'update', args: { id: 'SCAN-1', schedule: '' } });
    expect(refusal("update SCAN-1 schedule='0 3").message).toContain('single quote is not closed');
  });

  it('requires a CIDR for scope add/remove', () => {
    expect(refusal('scope add').message).toContain('Missing CIDR');
  });
});

describe('parseCommandRequest (Discord options, buttons)', () => {
  it('validates structured options with the same rules', () => {
    expect(parseCommandRequest({ name: 'create', args: { name: 'web', targets: '203.0.113.0/28', rate: 100 } })).toEqual({
      name: 'create', args: { name: 'web', targets: '203.0.113.0/28', rate: 100 },
    });
    expect(() => parseCommandRequest({ name: 'create', args: { name: 'web', targets: '203.0.113.0/28', rate: -1 } })).toThrow(/rate/);
    expect(() => parseCommandRequest({ name: 'nope', args: {} })).toThrow(/Unknown command/);
  });
});

describe('did-you-mean', () => {
  it('catches swapped letters and prefixes, not unrelated words', async () => {
    const { didYouMean } = await import('../../../bot/commands/did-you-mean.js');
    const names = ['create', 'list', 'show', 'stop', 'scope', 'scanners'];
    expect(didYouMean('shwo', names)).toBe('show');
    expect(didYouMean('scann', names)).toBe('scanners');
    expect(didYouMean('lsit', names)).toBe('list');
    expect(didYouMean('launch', names)).toBeUndefined();
  });
});
