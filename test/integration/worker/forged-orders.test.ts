// Write access to Redis is not the power to scan: orders put straight on the queue — unsigned, signed with
// another key, with altered targets, expired, replayed, outside the signed safety policy, or a chunk that
// is not part of its signed order — are refused by the scanner before any packet. Proven with the only
// reachable host counting every packet it receives (an iptables rule in its namespace): the count stays 0
// (for the replay: it does not move past what the original run sent).
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrderSigner, orderSigningKey } from '../../../control/order-signing.js';
import { generateOrderKeyPair, newNonce, orderPrivateKey, parseOrderPublicKey, signOrder, type ScanOrder } from '../../../core/orders/scan-order.js';
import { createScanService } from '../../../core/scans/scan-service.js';
import { JOB_NAMES, jobIds } from '../../../worker/queues.js';
import { startScanWorker, type ScanWorker } from '../../../worker/scan-worker.js';
import { RecordingDispatcher } from '../scan-service/support.js';
import { admin, createHarness, type Harness } from './harness.js';

let h: Harness;
let worker: ScanWorker;
const lines: string[] = [];
const logger = pino({ level: 'info' }, new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } }));

function packetsIn(netns: string): number {
  const out = execFileSync('ip', ['netns', 'exec', netns, 'iptables', '-L', 'INPUT', '-v', '-x', '-n']).toString();
  const rule = out.split('\n').find((l) => l.includes('pcl-count'));
  if (!rule) throw new Error(`counting rule missing:\n${out}`);
  return Number(rule.trim().split(/\s+/)[0]);
}

beforeAll(async () => {
  h = await createHarness({ servers: ['http'] });
  execFileSync('ip', ['netns', 'exec', h.host.netns, 'iptables', '-I', 'INPUT', '1', '-m', 'comment', '--comment', 'pcl-count', '-j', 'ACCEPT']);
  worker = await startScanWorker({ config: h.config, logger, orderKey: parseOrderPublicKey(h.signer.publicKey), settings: h.settings, version: 'test' });
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await h?.destroy();
}, 60_000);

async function settled(jobId: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const job = await h.dispatcher.queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state === 'completed' || state === 'failed') return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} not taken within 20 s`);
}

/** A planned run in the database that no dispatcher queued: the forged orders claim it. */
async function plannedRun(name: string) {
  const quiet = createScanService({ db: h.database.db, dispatcher: new RecordingDispatcher(), config: h.config, logger: pino({ level: 'silent' }) });
  const { scan, run } = await quiet.create(admin, { name, targets: h.host.ip, ports: h.host.openPorts.join(','), scanner: 'nmap', rate: 500 });
  return { scanId: scan.id, runId: run!.runId };
}

function orderFor(runId: number, scanId: string, changes: Partial<ScanOrder> = {}): ScanOrder {
  const now = Date.now();
  return {
    v: 1, runId, scanId, scanName: 'forged', run: 1, pool: 'default', scanner: 'nmap', targets: [h.host.ip], chunks: null, ports: h.host.openPorts.join(','),
    protocol: 'tcp', rate: 500, timeoutSeconds: 60, portTimeoutMs: 1500, allow: [h.host.subnet], deny: [], scope: [h.host.subnet],
    issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 600_000).toISOString(), nonce: newNonce(), ...changes,
  };
}

describe('orders put straight on the queue', () => {
  it('unsigned, other key, altered targets, expired, outside policy, foreign chunk: refused, not one packet sent', async () => {
    const { runId, scanId } = await plannedRun('forged');
    const { privateKey } = await orderSigningKey(h.database.db);
    const legit = (await h.signer.sign({ runId })).signed;
    const other = orderPrivateKey(generateOrderKeyPair().privateKey);
    const altered = { ...legit, order: legit.order.replace(`"targets":["${h.host.ip}"]`, `"targets":["${h.host.subnet}"]`) };
    expect(altered.order).not.toBe(legit.order);
    const forged: Array<[string, string, unknown, RegExp]> = [
      ['unsigned (old payload)', JOB_NAMES.run, { scanId, runId, run: 1 }, /carries no signature/],
      ['unsigned order', JOB_NAMES.run, { order: legit.order }, /carries no signature/],
      ['signed with another key', JOB_NAMES.run, signOrder(orderFor(runId, scanId), other), /does not verify/],
      ['altered targets', JOB_NAMES.run, altered, /does not verify/],
      ['expired', JOB_NAMES.run, signOrder(orderFor(runId, scanId, { expiresAt: new Date(Date.now() - 1000).toISOString() }), privateKey), /expired/],
      ['outside the signed allow list', JOB_NAMES.run, signOrder(orderFor(runId, scanId, { allow: [] }), privateKey), /safety policy/],
      ['a chunk not in the order, with targets of its own', JOB_NAMES.chunk, { ...legit, chunk: 0, targets: [h.host.subnet] }, /chunk 1 is not part of the signed order/],
    ];
    for (const [what, name, data, refusal] of forged) {
      const jobId = `forged-${what.replace(/\W+/g, '-')}`;
      await h.dispatcher.queue.add(name, data, { jobId });
      expect(await settled(jobId), what).toBe('completed');
      expect(lines.some((l) => l.includes('order refused') && refusal.test(l)), `${what}: ${lines.slice(-3).join('')}`).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(packetsIn(h.host.netns)).toBe(0);
    // An error back to the run: the verified-but-expired order failed it, with the scanner's words.
    const run = await h.database.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(run.error_message).toMatch(/refused the order: the order expired/);
  }, 120_000);

  it('a replayed order (a completed run\'s signed job added again) is refused: no packet beyond the original run', async () => {
    const { scan, run } = await h.service.create(admin, { name: 'original', targets: h.host.ip, ports: h.host.openPorts.join(','), scanner: 'nmap', rate: 500 });
    await h.waitForRun(scan.id, 1, (r) => r.status === 'completed', 60_000);
    const sent = packetsIn(h.host.netns);
    expect(sent).toBeGreaterThan(0);
    const original = await h.dispatcher.queue.getJob(jobIds.run(run!.runId));
    await h.dispatcher.queue.add(JOB_NAMES.run, original!.data, { jobId: 'replayed-1' });
    expect(await settled('replayed-1')).toBe('completed');
    expect(lines.some((l) => l.includes('order refused') && /refused as a replay/.test(l))).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(packetsIn(h.host.netns)).toBe(sent);
    expect((await h.service.history(scan.id))[0]).toMatchObject({ status: 'completed' });
  }, 120_000);

  it('signs with one key per database: a second signer on the same database has the same public key', async () => {
    const again = await createOrderSigner(h.database.db, h.config, { chunkAddresses: 4096 });
    expect(again.publicKey).toBe(h.signer.publicKey);
    expect(again.publicKey).toMatch(/^ed25519:[A-Za-z0-9+/=]+$/);
  });
});
