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
    input.write('exit\n');
    input.write('list\n');
    expect(await done).toBe(1);
    expect(printed).toContain('198.18.1.0/24 added to the scope');
    expect(printed).toMatch(/SCAN-\d+ created: repl-web/);
    expect(printed).toContain('1 scan');
    expect(printed).toContain('Did you mean `/scan show`?');
    expect(printed.match(/1 scan\b/g)).toHaveLength(1);
    expect(dispatcher.submitted).toHaveLength(1);
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
