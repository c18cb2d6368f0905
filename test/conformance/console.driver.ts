// The console adapter's conformance driver: command text through ConsoleSession (as `portcullis chat`
// does), buttons through commandForAction, on the real scan service over a per-file test database. Runs
// are planned on a recording RunDispatcher (no queue needed: the suite completes runs itself).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { commandForAction, isButtonAction } from '../../bot/commands/actions.js';
import { handleCommand } from '../../bot/commands/dispatcher.js';
import type { CommandDeps } from '../../bot/commands/deps.js';
import type { Reply } from '../../bot/commands/reply.js';
import { createReportsPort } from '../../bot/commands/reports-port.js';
import { renderReply } from '../../bot/console/render.js';
import { ConsoleSession, consoleActor } from '../../bot/console/session.js';
import type { Role } from '../../core/scans/scan-model.js';
import type { RunDispatcher, RunJob } from '../../core/scans/run-dispatcher.js';
import { createScanService } from '../../core/scans/scan-service.js';
import { createVulnerabilityPort } from '../../core/vulns/vulnerability-port.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import type { ConformanceDriver, DriverUser, ObservedReply } from './driver.js';

/** Records what would go on the queue. */
export class RecordingDispatcher implements RunDispatcher {
  readonly submitted: RunJob[] = [];
  readonly cancelled: RunJob[] = [];
  async submit(job: RunJob) { this.submitted.push(job); }
  async cancel(job: RunJob) { this.cancelled.push(job); }
  async setSchedule() {}
  async removeSchedule() {}
}

export function observe(reply: Reply, files: string[]): ObservedReply {
  return {
    text: renderReply(reply),
    ephemeral: reply.ephemeral === true,
    failed: reply.failed === true,
    buttons: (reply.buttons ?? []).map((b) => ({ action: b.action, value: b.value, confirm: b.confirm !== undefined })),
    files,
  };
}

export async function createConsoleDriver(): Promise<ConformanceDriver & { database: TestDatabase; deps: CommandDeps; outputDir: string }> {
  const database = await createTestDatabase();
  const outputDir = await mkdtemp(path.join(tmpdir(), 'pcl-console-'));
  const logger = pino({ level: 'silent' });
  const service = createScanService({
    db: database.db, dispatcher: new RecordingDispatcher(), logger,
    config: { SCOPE_ALLOW: ['198.18.0.0/15'], SCOPE_DENY: [], RUN_RETENTION: 0, ADMINS: [], HEARTBEAT_INTERVAL_SECONDS: 15 },
  });
  const deps: CommandDeps = { service, logger, reports: createReportsPort(service), vulnerabilities: createVulnerabilityPort(database.db) };
  let counter = 0;
  return {
    platform: 'console', service, database, deps, outputDir,
    // Console users are admins, so users with lesser roles are chat identities acting through the console
    // (`portcullis chat --user slack:ID`).
    async user(role: Role | null): Promise<DriverUser> {
      const id = `conf-${role ?? 'nobody'}-${++counter}`;
      if (role) await service.grantRole(consoleActor(), 'slack', id, role);
      return { id, role };
    },
    async send(user, text) {
      const session = new ConsoleSession({ deps, outputDir, actor: consoleActor(`slack:${user.id}`) });
      const { reply, files } = await session.run(text);
      return observe(reply, files.map((f) => f.name));
    },
    async click(user, button) {
      if (!isButtonAction(button.action)) throw new Error(`unknown action ${button.action}`);
      const reply = await handleCommand({ actor: consoleActor(`slack:${user.id}`), command: commandForAction(button.action, button.value) }, deps);
      return observe(reply, (reply.files ?? []).map((f) => f.name));
    },
    async close() {
      await database.drop();
      await rm(outputDir, { recursive: true, force: true });
    },
  };
}
