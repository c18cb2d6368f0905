// The streaming results contract (ScanRequest.onResults) as the engine's ResultStream implements it:
// bounded batches, each awaited before the next, the findings of a batch's ports in that batch, distinct
// open ports counted once however often re-delivered, and hosts past the tarpit threshold reduced to one
// finding with their ports as ranges.
import { describe, expect, it } from 'vitest';
import { HostPortTally } from '../../../scanner/results/host-port-tally.js';
import { ResultCollector } from '../../../scanner/results/result-collector.js';
import { MAX_BATCH_PORTS, ResultStream } from '../../../scanner/results/result-stream.js';
import type { OpenPort, ResultBatch } from '../../../scanner/types.js';

function open(ip: string, port: number, extra: Partial<OpenPort> = {}): OpenPort {
  return { ip, port, protocol: 'tcp', state: 'open', ...extra };
}

/** A consumer that records its batches and takes a little while with each (a database, say). */
function slowConsumer() {
  const batches: ResultBatch[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const deliver = async (batch: ResultBatch) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    batches.push(batch);
    inFlight -= 1;
  };
  return { batches, deliver, maxInFlight: () => maxInFlight };
}

describe('ResultStream', () => {
  it('delivers bounded batches, one at a time, with the findings of their ports', async () => {
    const consumer = slowConsumer();
    const sut = new ResultStream(consumer.deliver, undefined);
    // 300 hosts × 40 ports = 12,000 ports, handed over in slices as a parser would.
    for (let host = 0; host < 300; host += 1) {
      sut.accept(Array.from({ length: 40 }, (_, i) => open(`198.18.1.${host % 250}`, 6000 + i + Math.floor(host / 250) * 100)));
      await sut.drain();
    }
    expect(consumer.batches.length).toBeGreaterThan(1);
    await sut.flush();
    const sizes = consumer.batches.map((b) => b.openPorts.length);
    expect(sizes.every((size) => size <= MAX_BATCH_PORTS)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(consumer.maxInFlight()).toBe(1);
    expect(sut.openPortCount).toBe(12_000);
    for (const batch of consumer.batches) {
      const ports = new Set(batch.openPorts.map((p) => `${p.ip}:${p.port}`));
      expect(batch.findings.length).toBe(batch.openPorts.length);
      expect(batch.findings.every((f) => ports.has(`${f.ip}:${f.port}`))).toBe(true);
    }
  });

  it('counts a re-delivered port once and the collector keeps the later, richer record (hybrid: masscan, then -sV)', async () => {
    const collector = new ResultCollector();
    const sut = new ResultStream(collector.add, undefined);
    sut.accept([open('198.18.1.2', 6379, { ttl: 64 }), open('198.18.1.2', 22, { ttl: 64 })]);
    await sut.flush();
    sut.acceptHost('198.18.1.2', [open('198.18.1.2', 6379, { service: 'redis', product: 'Redis key-value store', version: '7.0.15' })]);
    await sut.flush();
    expect(sut.openPortCount).toBe(2);
    const ports = collector.openPorts();
    expect(ports).toHaveLength(2);
    expect(ports.find((p) => p.port === 6379)).toEqual({ ip: '198.18.1.2', port: 6379, protocol: 'tcp', state: 'open', ttl: 64, service: 'redis', product: 'Redis key-value store', version: '7.0.15' });
    expect(collector.findings(ports, []).map((f) => f.ruleId)).toContain('exposed-redis');
  });

  it('carries the host TTL onto a later record that has none, so streaming consumers keep it too', async () => {
    const consumer = slowConsumer();
    const sut = new ResultStream(consumer.deliver, undefined);
    sut.accept([open('198.18.1.2', 22, { ttl: 61 })]);
    sut.acceptHost('198.18.1.2', [open('198.18.1.2', 22, { service: 'ssh' })]);
    await sut.flush();
    expect(consumer.batches.flatMap((b) => b.openPorts).map((p) => p.ttl)).toEqual([61, 61]);
  });

  it('reduces a whole host past the threshold to one finding with its ports as ranges, delivering none of them', async () => {
    const consumer = slowConsumer();
    const sut = new ResultStream(consumer.deliver, 1000);
    sut.acceptHost('198.18.1.9', Array.from({ length: 65535 }, (_, i) => open('198.18.1.9', i + 1)));
    sut.acceptHost('198.18.1.2', [open('198.18.1.2', 22)]);
    // Discovery then -sV: a host the stream knows as a tarpit gets no more ports through.
    sut.accept([open('198.18.1.9', 80)]);
    await sut.flush();
    const ports = consumer.batches.flatMap((b) => b.openPorts);
    const findings = consumer.batches.flatMap((b) => b.findings);
    expect(ports.map((p) => `${p.ip}:${p.port}`)).toEqual(['198.18.1.2:22']);
    const tarpit = findings.filter((f) => f.ruleId === 'host-answers-everywhere');
    expect(tarpit).toHaveLength(1);
    expect(tarpit[0]).toMatchObject({ ip: '198.18.1.9', port: 0, protocol: 'tcp', severity: 'low', title: '198.18.1.9 answers on 65535 ports: likely a SYN proxy or tarpit' });
    expect(tarpit[0]?.evidence).toContain('(T:1-65535)');
    expect(sut.isTarpit('198.18.1.9')).toBe(true);
    expect(sut.tally.get('198.18.1.9')).toBeUndefined();
    expect(sut.openPortCount).toBe(1);
    expect(sut.tarpitFindings()).toEqual(tarpit);
  });

  it('stops delivering a host the moment it crosses the threshold while its ports stream in', async () => {
    const consumer = slowConsumer();
    const sut = new ResultStream(consumer.deliver, 10);
    for (let port = 1; port <= 500; port += 1) sut.accept([open('198.18.1.9', port), open('198.18.1.9', port)]);
    await sut.flush();
    const ports = consumer.batches.flatMap((b) => b.openPorts);
    expect(new Set(ports.map((p) => p.port)).size).toBe(10);
    expect(sut.openPortCount).toBe(10);
    // The summary covers what the host answered on until it was recognised (11 ports: 1-11).
    expect(sut.tarpitFindings()[0]?.evidence).toContain('on 11 ports (T:1-11)');
  });

  it('summarises a hostile host answering on every other port without flooding the evidence', async () => {
    const sut = new ResultStream(async () => {}, 1000);
    sut.acceptHost('198.18.1.9', Array.from({ length: 30000 }, (_, i) => open('198.18.1.9', i * 2 + 1)));
    await sut.flush();
    const [finding] = sut.tarpitFindings();
    expect(finding?.evidence).toContain('(30000 ranges in all)');
    expect(finding?.evidence.length).toBeLessThanOrEqual(1200);
  });
});

describe('HostPortTally', () => {
  it('holds ports per host as a list, then as a bitmap, with the same answers', () => {
    const sut = new HostPortTally();
    for (let port = 65535; port >= 1; port -= 3) expect(sut.add(open('198.18.1.2', port))).toBe(true);
    expect(sut.add(open('198.18.1.2', 65535))).toBe(false);
    expect(sut.add({ ip: '198.18.1.2', port: 53, protocol: 'udp' })).toBe(true);
    const host = sut.get('198.18.1.2')!;
    expect(host.count).toBe(21846);
    expect(sut.distinct).toBe(21846);
    expect(host.ranges('udp')).toEqual([[53, 53]]);
    expect(host.ranges('tcp').slice(0, 2)).toEqual([[3, 3], [6, 6]]);
    const small = new HostPortTally();
    for (const port of [443, 22, 80, 22]) small.add(open('198.18.1.3', port));
    expect(small.get('198.18.1.3')!.keys()).toEqual([44, 160, 886]);
  });
});
