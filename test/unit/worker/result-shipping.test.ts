// The scanner's result shipper: bounded wire batches, each port's findings in the batch of the port (ingest
// replaces a re-delivered port's findings with those of its batch), findings of no shipped port last.
import { describe, expect, it } from 'vitest';
import { readPortLine } from '../../../core/events/port-lines.js';
import { MAX_BATCH_PORTS, type WireFinding } from '../../../core/events/scanner-stream.js';
import type { Finding, OpenPort } from '../../../scanner/types.js';
import { createResultShipper } from '../../../worker/result-shipping.js';

const port = (n: number): OpenPort => ({ ip: '203.0.113.5', port: n, protocol: 'tcp', state: 'open' });
const finding = (n: number, ruleId = 'open-port'): Finding => ({ ruleId, severity: 'info', title: `t${n}`, ip: '203.0.113.5', port: n, protocol: 'tcp', evidence: 'e', remediation: 'r' });

function recorder() {
  const sent: Array<{ batchId: string; ports: Array<ReturnType<typeof readPortLine>>; findings: WireFinding[] }> = [];
  return { sent, service: { shipResults: async (_runId: number, batchId: string, lines: readonly string[], findings: WireFinding[]) => void sent.push({ batchId, ports: lines.map(readPortLine), findings }) } };
}

describe('result shipper', () => {
  it('keeps every finding with the batch of its port and sends none of an empty delivery', async () => {
    const { sent, service } = recorder();
    const sut = createResultShipper(service, 7, 'job');
    await sut.ship({ openPorts: [], findings: [] });
    expect(sent).toHaveLength(0);
    const n = MAX_BATCH_PORTS + 10;
    const ports = Array.from({ length: n }, (_, i) => port(i + 1));
    // Findings in reverse order, so an index-based split would separate them from their ports.
    const findings = ports.map((p) => finding(p.port)).reverse();
    await sut.ship({ openPorts: ports, findings: [...findings, { ...finding(0, 'host-answers-everywhere') }] });
    expect(sent).toHaveLength(2);
    for (const batch of sent) {
      const inBatch = new Set(batch.ports.map((p) => p.port));
      expect(batch.ports.length).toBeLessThanOrEqual(MAX_BATCH_PORTS);
      expect(batch.findings.filter((f) => f.port !== 0).every((f) => inBatch.has(f.port))).toBe(true);
    }
    expect(sent[1]!.findings.some((f) => f.ruleId === 'host-answers-everywhere')).toBe(true);
    expect(sut.openPortCount()).toBe(n);
    expect(sut.shipped()).toMatchObject({ count: 2 });
    expect(new Set(sent.map((b) => b.batchId)).size).toBe(2);
  });
});

describe('result shipper port lines', () => {
  it('ships each port as a line that reads back as the port, fields cut to the sizes ingest accepts', async () => {
    const { sent, service } = recorder();
    const sut = createResultShipper(service, 7, 'job');
    const odd: OpenPort = { ip: '2001:db8::1', port: 8443, protocol: 'udp', state: 'open|filtered', service: 'a\tb\\c\nd', banner: 'x'.repeat(25_000), ttl: 57, scripts: { 'ssl-cert': 'CN=a\u0000b', big: 'y'.repeat(30_000) }, cpes: ['cpe:/a:x:y:1.0'] };
    await sut.ship({ openPorts: [port(22), odd], findings: [] });
    expect(sent[0]!.ports).toEqual([
      { ip: '203.0.113.5', port: 22, protocol: 'tcp', state: 'open', service: null, product: null, version: null, banner: null, ttl: null, scripts: null, cpes: null },
      { ip: '2001:db8::1', port: 8443, protocol: 'udp', state: 'open|filtered', service: 'a\tb\\c\nd', product: null, version: null, banner: 'x'.repeat(20_000), ttl: 57, scripts: { 'ssl-cert': 'CN=ab', big: 'y'.repeat(20_000) }, cpes: ['cpe:/a:x:y:1.0'] },
    ]);
  });
});
