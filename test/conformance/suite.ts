// The adapter conformance suite: the same cases against every chat adapter — each command's happy path,
// its denied path and a bad input — through a ConformanceDriver. An adapter's test file calls
// `conformanceSuite('slack', () => createSlackDriver())`; the driver wires the adapter to the real scan
// service (config SCOPE_ALLOW must include 198.18.0.0/15, the test range used here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/scans/scan-model.js';
import type { ConformanceDriver, DriverUser, ObservedReply } from './driver.js';
import { seedScanWithResults } from './seed.js';

interface Ctx {
  driver: ConformanceDriver;
  users: Record<Role | 'nobody', DriverUser>;
  seeded: string;
  live: string;
}

interface CommandCase {
  command: string;
  /** Who may, and what they type; then what the reply must show. */
  happy: { as: Role | 'nobody'; text: (c: Ctx) => string; expect: (r: ObservedReply, c: Ctx) => void | Promise<void> };
  /** Someone whose role is one too low (omitted for help, which is open to all). */
  denied?: { as: Role | 'nobody'; needs: Role; text: (c: Ctx) => string };
  bad: { text: (c: Ctx) => string; mentions: (string | RegExp)[] };
}

function expectOk(reply: ObservedReply): void {
  expect(reply.failed, reply.text).toBe(false);
}

function expectMentions(reply: ObservedReply, parts: (string | RegExp)[]): void {
  for (const part of parts) {
    if (typeof part === 'string') expect(reply.text).toContain(part);
    else expect(reply.text).toMatch(part);
  }
}

const CASES: CommandCase[] = [
  {
    command: 'create',
    happy: { as: 'operator', text: () => 'create conf-web 198.18.1.2 ports=80,443 schedule="0 3 * * *"', expect: (r) => {
      expectOk(r);
      expect(r.text).toMatch(/SCAN-\d+ created/);
      expect(r.buttons.map((b) => b.action)).toContain('scan.logs');
    } },
    denied: { as: 'viewer', needs: 'operator', text: () => 'create conf-web 198.18.1.2' },
    bad: { text: () => 'create conf-web', mentions: ['Missing TARGETS', '/scan create NAME TARGETS'] },
  },
  {
    command: 'list',
    happy: { as: 'viewer', text: () => 'list', expect: (r, c) => { expectOk(r); expectMentions(r, [c.seeded, 'conf-seeded']); } },
    denied: { as: 'nobody', needs: 'viewer', text: () => 'list' },
    bad: { text: () => 'list status=sleeping', mentions: ['must be one of planned', '/scan list'] },
  },
  {
    command: 'show',
    happy: { as: 'viewer', text: (c) => `show ${c.seeded.toLowerCase()}`, expect: (r, c) => {
      expectOk(r);
      expectMentions(r, [c.seeded, 'Done', 'critical']);
      expect(r.buttons.map((b) => b.action)).toEqual(expect.arrayContaining(['scan.rerun', 'scan.logs', 'scan.report']));
    } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `show ${c.seeded}` },
    bad: { text: () => 'show SCAN-987654', mentions: ['SCAN-987654', '/scan show ID'] },
  },
  {
    command: 'update',
    happy: { as: 'operator', text: (c) => `update ${c.live} rate=500 timeout=15m`, expect: (r, c) => { expectOk(r); expectMentions(r, [c.live, 'updated']); } },
    denied: { as: 'viewer', needs: 'operator', text: (c) => `update ${c.live} rate=500` },
    bad: { text: (c) => `update ${c.live} colour=red`, mentions: ['Unknown option "colour"', '/scan update ID'] },
  },
  {
    command: 'stop',
    happy: { as: 'operator', text: (c) => `stop ${c.live}`, expect: (r, c) => { expectOk(r); expectMentions(r, [c.live, 'Cancelled']); } },
    denied: { as: 'viewer', needs: 'operator', text: (c) => `stop ${c.live}` },
    bad: { text: () => 'stop', mentions: ['Missing ID', '/scan stop ID'] },
  },
  {
    command: 'rerun',
    happy: { as: 'operator', text: (c) => `rerun ${c.live}`, expect: (r, c) => { expectOk(r); expectMentions(r, [c.live, 'run 2']); } },
    denied: { as: 'viewer', needs: 'operator', text: (c) => `rerun ${c.live}` },
    bad: { text: () => 'rerun nonsense', mentions: ['"nonsense" is not a scan id', '/scan rerun ID'] },
  },
  {
    command: 'history',
    happy: { as: 'viewer', text: (c) => `history ${c.seeded}`, expect: (r, c) => { expectOk(r); expectMentions(r, [c.seeded, '2 runs', 'Done']); } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `history ${c.seeded}` },
    bad: { text: () => 'history web-server', mentions: ['"web-server" is not a scan id', '/scan history ID'] },
  },
  {
    command: 'logs',
    happy: { as: 'viewer', text: (c) => `logs ${c.seeded} level=warning`, expect: (r) => { expectOk(r); expectMentions(r, ['retrying 198.18.1.2:5432']); } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `logs ${c.seeded}` },
    bad: { text: (c) => `logs ${c.seeded} level=loud`, mentions: ['must be one of info, warning (or warn), error', '/scan logs ID'] },
  },
  {
    command: 'errors',
    happy: { as: 'viewer', text: (c) => `errors ${c.seeded}`, expect: (r, c) => { expectOk(r); expectMentions(r, [c.seeded, 'no failed runs']); } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `errors ${c.seeded}` },
    bad: { text: () => 'errors', mentions: ['Missing ID', '/scan errors ID'] },
  },
  {
    command: 'vulns',
    happy: { as: 'viewer', text: (c) => `vulns ${c.seeded} min=high`, expect: (r) => { expectOk(r); expectMentions(r, ['PostgreSQL exposed to the internet', '5432', 'critical']); } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `vulns ${c.seeded}` },
    bad: { text: (c) => `vulns ${c.seeded} min=scary`, mentions: ['must be one of critical (or crit), high', '/scan vulns ID'] },
  },
  {
    command: 'diff',
    happy: { as: 'viewer', text: (c) => `diff ${c.seeded}`, expect: (r) => { expectOk(r); expectMentions(r, ['1 new', '5432']); } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `diff ${c.seeded}` },
    bad: { text: (c) => `diff ${c.seeded} run=zero`, mentions: ['must be a whole number', '/scan diff ID'] },
  },
  {
    command: 'report',
    happy: { as: 'viewer', text: (c) => `report ${c.seeded} technical format=md`, expect: (r, c) => {
      expectOk(r);
      expect(r.files.some((f) => f.includes(c.seeded) && f.endsWith('.md')), r.files.join(', ')).toBe(true);
    } },
    denied: { as: 'nobody', needs: 'viewer', text: (c) => `report ${c.seeded} executive` },
    bad: { text: (c) => `report ${c.seeded} summary`, mentions: ['must be one of executive, technical, remediation', '/scan report ID'] },
  },
  {
    command: 'scanners',
    happy: { as: 'viewer', text: () => 'scanners', expect: (r) => { expectOk(r); expect(r.text).toMatch(/\d+ of \d+ scanners? online/); } },
    denied: { as: 'nobody', needs: 'viewer', text: () => 'scanners' },
    // Text adapters see an extra word; Discord can only send it as an option the command does not have.
    bad: { text: () => 'scanners fast', mentions: [/action must be one of list, add, revoke, not "fast"/, '/scan scanners'] },
  },
  {
    command: 'scope',
    happy: { as: 'viewer', text: () => 'scope list', expect: (r) => { expectOk(r); expectMentions(r, ['198.18.1.0/24']); } },
    denied: { as: 'operator', needs: 'admin', text: () => 'scope add 198.18.7.0/24' },
    bad: { text: () => 'scope add', mentions: ['Missing CIDR', '/scan scope'] },
  },
  {
    command: 'notify',
    happy: { as: 'admin', text: () => 'notify alerts', expect: (r) => { expectOk(r); expectMentions(r, ['now gets failure and new-exposure alerts']); } },
    denied: { as: 'operator', needs: 'admin', text: () => 'notify alerts' },
    bad: { text: () => 'notify everything', mentions: ['must be one of alerts, reports, all', '/scan notify'] },
  },
  {
    command: 'role',
    happy: { as: 'admin', text: (c) => `role grant slack:${c.users.nobody.id}x viewer`, expect: (r, c) => { expectOk(r); expectMentions(r, [`slack:${c.users.nobody.id}x is now a viewer`]); } },
    denied: { as: 'operator', needs: 'admin', text: (c) => `role grant ${c.users.operator.id} admin` },
    bad: { text: () => 'role grant someone emperor', mentions: ['must be one of viewer, operator, admin', '/scan role grant USER'] },
  },
  {
    command: 'cve',
    // The conformance database loads no vulnerability data: the reply says so instead of "not affected".
    happy: { as: 'viewer', text: () => 'cve cve-2024-6387', expect: (r) => {
      expectOk(r);
      expectMentions(r, ['CVE-2024-6387: no scanned host runs an affected version', 'not in the vulnerability data', '/scan vulndb']);
    } },
    denied: { as: 'nobody', needs: 'viewer', text: () => 'cve CVE-2024-6387' },
    bad: { text: () => 'cve 2024-6387', mentions: ['"2024-6387" is not a CVE id', '/scan cve CVE-ID'] },
  },
  {
    command: 'vulndb',
    happy: { as: 'viewer', text: () => 'vulndb', expect: (r) => { expectOk(r); expectMentions(r, ['No vulnerability data loaded', 'portcullis vulndb import']); } },
    denied: { as: 'nobody', needs: 'viewer', text: () => 'vulndb' },
    // Text adapters see an extra word; Discord sends it as an option the command does not have.
    bad: { text: () => 'vulndb everything', mentions: [/everything|extra/, '/scan vulndb'] },
  },
  {
    command: 'help',
    happy: { as: 'nobody', text: () => 'help create', expect: (r) => { expectOk(r); expectMentions(r, ['/scan create NAME TARGETS', 'schedule']); } },
    bad: { text: () => 'help nonsense', mentions: ['must be one of', '/scan help'] },
  },
];

export function conformanceSuite(name: string, makeDriver: () => Promise<ConformanceDriver>): void {
  describe(`${name} adapter conformance`, () => {
    const c = {} as Ctx;

    beforeAll(async () => {
      c.driver = await makeDriver();
      c.users = {
        admin: await c.driver.user('admin'), operator: await c.driver.user('operator'),
        viewer: await c.driver.user('viewer'), nobody: await c.driver.user(null),
      };
      const scope = await c.driver.send(c.users.admin, 'scope add 198.18.1.0/24');
      expect(scope.failed, scope.text).toBe(false);
      const actor = { platform: c.driver.platform, userId: c.users.admin.id, channelId: 'conformance' };
      c.seeded = await seedScanWithResults(c.driver.service, actor, 'conf-seeded');
      const live = await c.driver.send(c.users.operator, 'create conf-live 198.18.1.2 ports=22');
      const id = /SCAN-\d+/.exec(live.text)?.[0];
      if (!id) throw new Error(`create gave no scan id: ${live.text}`);
      c.live = id;
    });

    afterAll(async () => {
      await c.driver?.close();
    });

    for (const kase of CASES) {
      describe(kase.command, () => {
        it('happy path', async () => {
          await kase.happy.expect(await c.driver.send(c.users[kase.happy.as], kase.happy.text(c)), c);
        });
        if (kase.denied) {
          const denied = kase.denied;
          it(`denied without the ${denied.needs} role, with an ephemeral explanation`, async () => {
            const reply = await c.driver.send(c.users[denied.as], denied.text(c));
            expect(reply.failed).toBe(true);
            expect(reply.ephemeral).toBe(true);
            expectMentions(reply, [denied.needs, 'role grant']);
          });
        }
        it('bad input gets a specific message and the usage line', async () => {
          const reply = await c.driver.send(c.users.admin, kase.bad.text(c));
          expect(reply.failed).toBe(true);
          expectMentions(reply, kase.bad.mentions);
          expect(reply.text).not.toMatch(/at .+\.(ts|js):\d+/);
        });
      });
    }

    describe('delete (confirm protocol)', () => {
      it('asks first, deletes on the confirmed button, then the id is unknown', async () => {
        const created = await c.driver.send(c.users.operator, 'create conf-doomed 198.18.1.2 ports=80');
        const id = /SCAN-\d+/.exec(created.text)?.[0] ?? '';
        const ask = await c.driver.send(c.users.admin, `delete ${id}`);
        expect(ask.failed).toBe(false);
        const button = ask.buttons.find((b) => b.action === 'scan.delete');
        expect(button).toMatchObject({ value: id, confirm: true });
        expect((await c.driver.send(c.users.viewer, `show ${id}`)).failed).toBe(false);
        const done = await c.driver.click(c.users.admin, button!);
        expectOk(done);
        expectMentions(done, [`${id} deleted`]);
        const gone = await c.driver.send(c.users.viewer, `show ${id}`);
        expect(gone.failed).toBe(true);
        expectMentions(gone, [id]);
      });

      it('is denied to operators, also through the button', async () => {
        const reply = await c.driver.click(c.users.operator, { action: 'scan.delete', value: c.live });
        expect(reply.failed).toBe(true);
        expectMentions(reply, ['admin', 'role grant']);
        expect((await c.driver.send(c.users.viewer, `show ${c.live}`)).failed).toBe(false);
      });

      it('bad input: no id', async () => {
        expectMentions(await c.driver.send(c.users.admin, 'delete'), ['Missing ID', '/scan delete ID']);
      });
    });

    it('an unknown sub-command suggests the closest one', async () => {
      const reply = await c.driver.send(c.users.viewer, 'crete conf 198.18.1.2');
      expect(reply.failed).toBe(true);
      expectMentions(reply, ['Did you mean', '/scan create']);
    });
  });
}
