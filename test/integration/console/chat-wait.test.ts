// `portcullis chat --wait` end-to-end: the real queue, an in-process worker running nmap against a test
// host of our own (198.18.N.2 in a network namespace), and the notifications the run produced.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logger.js';
import { startWorker, type RunningWorker } from '../../../cli/commands/worker.js';
import { createHarness, type Harness } from '../worker/harness.js';
import { chat } from './chat-helpers.js';

let h: Harness;
let worker: RunningWorker | undefined;
let outputDir: string;
const saved = { ...process.env };

beforeAll(async () => {
  h = await createHarness({ servers: ['http', 'ssh'] });
  // The worker as `portcullis worker` builds it: its scan service publishes run events on Redis.
  worker = await startWorker({ config: h.config, logger: createLogger('warn', { pretty: false }), settings: h.settings });
  outputDir = mkdtempSync(path.join(tmpdir(), 'pcl-wait-out-'));
  Object.assign(process.env, h.env, { PORTCULLIS_OUTPUT_DIR: outputDir, PORT: '0' });
  delete process.env.LOG_LEVEL;
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await worker?.close();
  await h?.destroy();
  rmSync(outputDir, { recursive: true, force: true });
}, 60_000);

describe('portcullis chat --wait', () => {
  it('blocks until the run it started ends and prints the notifications it produced', async () => {
    const ports = h.host.openPorts.join(',');
    const out = await chat(`create wait-web ${h.host.ip} ports=${ports} scanner=nmap rate=500`, '--wait', '--json', '--wait-timeout', '240');
    expect(out.code, out.stdout).toBe(0);
    const id = (out.json.data as { id: string }).id;
    expect(out.json.runStatus).toBe('completed');
    const notifications = out.json.notifications as Array<{ kind: string; title: string; text: string[]; thread?: string; files: Array<{ name: string; path: string; mime: string }> }>;
    const updates = notifications.filter((n) => n.kind === 'update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.at(-1)?.title).toBe(`${id} · wait-web · ✅ Done`);
    const summary = notifications.find((n) => n.kind === 'post' && n.title.startsWith(`${id} · wait-web: run 1 ✅ Done`));
    expect(summary, JSON.stringify(notifications.map((n) => n.title))).toBeDefined();
    expect(summary?.thread).toBeDefined();
    expect(summary?.text.join(' ')).toContain(`${h.host.openPorts.length} open ports`);
    // The completion summary carries the severity chart (DESIGN §6), written as a real PNG.
    const chart = summary?.files.find((f) => f.mime === 'image/png');
    expect(chart?.name).toBe(`${id}-run-1-severity.png`);
    expect(readFileSync(chart?.path ?? '').subarray(1, 4).toString('latin1')).toBe('PNG');
    const show = await chat(`show ${id}`, '--json');
    expect(show.json.data).toMatchObject({ id, status: 'completed' });
  }, 300_000);

  it('returns at once for a command that starts no run', async () => {
    const out = await chat('list', '--wait', '--json');
    expect(out.code).toBe(0);
    expect(out.json.runStatus).toBeNull();
  });
});
