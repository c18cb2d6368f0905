// The console adapter against the real service: the REPL (typed commands, `/scan` optional, exit), the
// audit log entry of every command (ok, refused, denied, error), and a stack trace never shown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../../bot/commands/dispatcher.js';
import type { CommandDeps } from '../../../bot/commands/deps.js';
import { runRepl } from '../../../bot/console/repl.js';
import { ConsoleSession, consoleActor } from '../../../bot/console/session.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { RecordingDispatcher } from '../../conformance/console.driver.js';

let database: TestDatabase;
let deps: CommandDeps;
let outputDir: string;
const dispatcher = new RecordingDispatcher();

beforeAll(async () => {
  database = await createTestDatabase();
  outputDir = mkdtempSync(path.join(tmpdir(), 'pcl-console-'));
  const service = createScanService({ db: database.db, dispatcher, logger: pino({ level: 'silent' }), config: { SCOPE_ALLOW: ['198.18.0.0/15'], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [], HEARTBEAT_INTERVAL_SECONDS: 15 } });
  deps = { service, logger: pino({ level: 'silent' }) };
});

afterAll(async () => {
  await database?.drop();
  rmSync(outputDir, { recursive: true, force: true });
});

async function auditRows() {
  return database.db.selectFrom('audit_log').select(['platform', 'user_id', 'channel_id', 'command', 'result', 'detail']).orderBy('at').execute();
}

describe('console REPL', () => {
  it('runs typed commands with or without /scan until exit, printing replies', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    const session = new ConsoleSession({ deps, outputDir });
    const done = runRepl({ session, input, output });
    input.write('/scan scope add 198.18.1.0/24\n');
    input.write('create repl-web 198.18.1.2 ports=80\n');
    input.write('\n');
    input.write('list\n');
    input.write('shwo SCAN-1001\n');
    // The run created here is still planned (nobody works this queue): exit says so and waits; a second exit leaves.
    input.write('exit\n');
    input.write('list\n');
    input.write('exit\n');
    input.write('list\n');
    expect(await done).toBe(1);
    expect(printed).toContain('198.18.1.0/24 added to the scope');
    expect(printed).toMatch(/SCAN-\d+ created: repl-web/);
    expect(printed).toContain('1 scan');
    expect(printed).toContain('Did you mean `/scan show`?');
    expect(printed).toMatch(/SCAN-\d+ run 1 \(planned\) is still active: waiting for it to finish before leaving\. Type `exit` again to leave now/);
    expect(printed.match(/1 scan\b/g)).toHaveLength(2);
    expect(dispatcher.submitted).toHaveLength(1);
  });

  it('exit leaves once the runs started here have ended, without a second exit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    const session = new ConsoleSession({ deps, outputDir });
    const done = runRepl({ session, input, output, exitPollMs: 50 });
    input.write('create repl-exit 198.18.1.3 ports=80\n');
    input.write('exit\n');
    const deadline = Date.now() + 10_000;
    while (!printed.includes('still active') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const id = /(SCAN-\d+) created: repl-exit/.exec(printed)?.[1];
    expect(id).toBeDefined();
    await deps.service.stop(consoleActor(), id!);
    expect(await done).toBe(0);
    expect(printed).toContain('The runs started here have finished. Bye.');
  });
});

describe('scope and role commands say what they assume', () => {
  const reply = (text: string, actor = consoleActor()) => handleCommand({ actor, text }, deps);
  const words = (r: Awaited<ReturnType<typeof reply>>) => [r.title, ...(r.text ?? [])].join(' ');

  it('a range wider than a /16 needs confirm=yes and the refusal says why', async () => {
    const internet = await reply('scope add 0.0.0.0/0');
    expect(internet.failed).toBe(true);
    expect(words(internet)).toMatch(/0\.0\.0\.0\/0 is 4,294,967,296 addresses — the whole IPv4 address space, wider than a \/16: once in the scope, any operator may scan anything inside it\./);
    expect(words(internet)).toMatch(/add confirm=yes/);
    const ten = await reply('scope add 10.0.0.0/8');
    expect(ten.failed).toBe(true);
    expect(words(ten)).toMatch(/16,777,216 addresses.*private address space/);
    expect((await deps.service.scopeList()).map((e) => e.cidr)).not.toContain('10.0.0.0/8');
    const confirmed = await reply('scope add 198.18.0.0/15 confirm=yes');
    expect(confirmed.failed).toBeFalsy();
    expect(words(confirmed)).toMatch(/198\.18\.0\.0\/15 added to the scope Confirmed: 198\.18\.0\.0\/15 is 131,072 addresses/);
    const narrow = await reply('scope add 198.18.7.0/24');
    expect(narrow.failed).toBeFalsy();
    expect(narrow.text).toBeUndefined();
  });

  it('role grants name the platform, and a bare id from the console is refused with the two spellings', async () => {
    const bare = await reply('role grant U2 viewer');
    expect(bare.failed).toBe(true);
    expect(words(bare)).toContain('/scan role grant slack:U2 viewer or /scan role grant discord:U2 viewer');
    expect(await database.db.selectFrom('user_roles').selectAll().where('user_id', '=', 'U2').execute()).toEqual([]);
    expect(words(await reply('role grant slack:U2 viewer'))).toContain('slack:U2 is now a viewer');
    await deps.service.grantRole(consoleActor(), 'slack', 'UADMIN', 'admin');
    const fromSlack = await reply('role grant U3 operator', { platform: 'slack', userId: 'UADMIN', channelId: 'CSEC' });
    expect(words(fromSlack)).toMatch(/slack:U3 is now an? operator slack was assumed because the command came from slack/);
  });
});

describe('audit log', () => {
  it('records who, where, what and the result of every command, also refused and denied ones', async () => {
    const before = (await auditRows()).length;
    const alice = { platform: 'slack' as const, userId: 'UALICE', channelId: 'CSEC' };
    await handleCommand({ actor: alice, text: 'list' }, deps);
    await deps.service.grantRole(consoleActor(), 'slack', 'UALICE', 'viewer');
    await handleCommand({ actor: alice, text: 'list' }, deps);
    await handleCommand({ actor: alice, text: 'create x 198.18.1.2' }, deps);
    await handleCommand({ actor: alice, text: 'show SCAN-999' }, deps);
    await handleCommand({ actor: alice, command: { name: 'vulns', args: { id: 'SCAN-999', min: 'loud' } } }, deps);
    const rows = (await auditRows()).slice(before);
    expect(rows.map((r) => [r.platform, r.user_id, r.channel_id, r.command, r.result])).toEqual([
      ['slack', 'UALICE', 'CSEC', 'list', 'denied'],
      ['slack', 'UALICE', 'CSEC', 'list', 'ok'],
      ['slack', 'UALICE', 'CSEC', 'create x 198.18.1.2', 'denied'],
      ['slack', 'UALICE', 'CSEC', 'show SCAN-999', 'refused'],
      ['slack', 'UALICE', 'CSEC', 'vulns id="SCAN-999" min="loud"', 'refused'],
    ]);
    expect(rows[2]?.detail).toBe('needs operator, has viewer');
  });

  it('an unexpected failure shows a reference, not a stack trace, and is audited as error', async () => {
    const broken: CommandDeps = { ...deps, service: { ...deps.service, list: async () => { throw new TypeError("Cannot read properties of undefined (reading 'rows')"); } } };
    const reply = await handleCommand({ actor: consoleActor(), text: 'list' }, broken);
    expect(reply.failed).toBe(true);
    expect(reply.text?.[0]).toMatch(/^Something went wrong on our side \(reference ERR-[0-9a-f]{8}\)/);
    expect(JSON.stringify(reply)).not.toContain('Cannot read properties');
    const last = (await auditRows()).at(-1);
    expect(last).toMatchObject({ command: 'list', result: 'error', detail: expect.stringMatching(/^ERR-/) });
  });
});
