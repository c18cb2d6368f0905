// `portcullis chat` against the real database and queue (DESIGN §8): the JSON record of each command,
// files under PORTCULLIS_OUTPUT_DIR, denied and refused commands with a non-zero exit code.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBullmqRedisFactory, bullmqConnection } from '../../../worker/queue-connection.js';
import { RUNS_QUEUE } from '../../../worker/queues.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { chat } from './chat-helpers.js';

let database: TestDatabase;
let outputDir: string;
const prefix = `pcl-chat-${randomBytes(4).toString('hex')}`;
const saved = { ...process.env };

beforeAll(async () => {
  database = await createTestDatabase();
  outputDir = mkdtempSync(path.join(tmpdir(), 'pcl-chat-out-'));
  Object.assign(process.env, { DATABASE_URL: database.url, SCOPE_ALLOW: '198.18.0.0/15', QUEUE_PREFIX: prefix, PORTCULLIS_OUTPUT_DIR: outputDir, PORT: '0' });
  delete process.env.LOG_LEVEL;
});

afterAll(async () => {
  process.env = saved;
  installBullmqRedisFactory();
  const queue = new Queue(RUNS_QUEUE, { connection: bullmqConnection('redis://127.0.0.1:6379'), prefix });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await database.drop();
  rmSync(outputDir, { recursive: true, force: true });
});

describe('portcullis chat --json', () => {
  let scanId = '';

  it('scope add then create: data { id, run } and the run on the queue', async () => {
    expect((await chat('scope add 198.18.1.0/24', '--json')).code).toBe(0);
    const created = await chat('create chat-web 198.18.1.2 ports=80,443 rate=100', '--json');
    expect(created.code).toBe(0);
    expect(created.json.failed).toBe(false);
    expect(created.json.data).toEqual({ id: expect.stringMatching(/^SCAN-\d+$/), run: 1 });
    scanId = (created.json.data as { id: string }).id;
    installBullmqRedisFactory();
    const queue = new Queue(RUNS_QUEUE, { connection: bullmqConnection('redis://127.0.0.1:6379'), prefix });
    try {
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
      // A job carries the signed order: its JSON text names the scan.
      expect(jobs.map((j) => (JSON.parse((j.data as { order: string }).order) as { scanId: string }).scanId)).toContain(scanId);
    } finally {
      await queue.close();
    }
  });

  it('show and list print the DESIGN §8 records', async () => {
    const shown = await chat(`show ${scanId.toLowerCase()}`, '--json');
    expect(shown.code).toBe(0);
    expect(Object.keys(shown.json.data as object).sort()).toEqual(['ageSeconds', 'durationSeconds', 'findings', 'id', 'severity', 'startTime', 'status']);
    expect(shown.json.data).toMatchObject({ id: scanId, status: 'planned', findings: 0, severity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
    const listed = await chat('list', '--json');
    expect(listed.json.data).toEqual([expect.objectContaining({ id: scanId, status: 'planned' })]);
  });

  it('history: { run, status, startTime, durationSeconds, openPorts, error }', async () => {
    const history = await chat(`history ${scanId}`, '--json');
    expect(history.json.data).toEqual([{ run: 1, status: 'planned', startTime: null, durationSeconds: null, openPorts: 0, error: null }]);
  });

  it('a report is written under PORTCULLIS_OUTPUT_DIR and listed in files', async () => {
    const report = await chat(`report ${scanId} technical format=md`, '--json');
    expect(report.code).toBe(0);
    expect(report.json.files).toHaveLength(1);
    const file = report.json.files[0]!;
    expect(file.path.startsWith(outputDir)).toBe(true);
    expect(file.mime).toContain('text/markdown');
    expect(existsSync(file.path)).toBe(true);
    expect(readFileSync(file.path, 'utf8')).toContain(scanId);
  });

  it('refused and denied commands exit 1 with a specific message; bad CLI usage exits 2', async () => {
    const typo = await chat('crete web 198.18.1.2', '--json');
    expect(typo.code).toBe(1);
    expect(typo.json.failed).toBe(true);
    expect(typo.json.text.join(' ')).toContain('Did you mean `/scan create`?');
    const outOfScope = await chat('create far 198.18.9.9', '--json');
    expect(outOfScope.code).toBe(1);
    expect(outOfScope.json.text.join(' ')).toContain('198.18.9.9');
    const denied = await chat('stop ' + scanId, '--user', 'slack:U0NOBODY', '--json');
    expect(denied.code).toBe(1);
    expect(denied.json.title).toBe('Permission needed');
    expect((await chat('--json')).code).toBe(2);
  });

  it('prints terminal text without --json', async () => {
    const out = await chat(`show ${scanId}`);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`${scanId} · chat-web · 🕒 Planned`);
    expect(out.stdout).toContain(`Stop → /scan stop ${scanId}`);
  });

  it('delete asks, then confirm=yes deletes', async () => {
    const ask = await chat(`delete ${scanId}`, '--json');
    expect(ask.json.data).toEqual({ id: scanId, confirm: `delete ${scanId} confirm=yes` });
    expect((await chat(`delete ${scanId} confirm=yes`, '--json')).code).toBe(0);
    const gone = await chat(`show ${scanId}`, '--json');
    expect(gone.code).toBe(1);
    expect(gone.json.text[0]).toContain(scanId);
  });
});
