// ResultWriter: the streamed output of `parse` and `scan-now`. Written at once when the status is known
// up front, spooled otherwise (status first in the output, known last); a port delivered again replaces
// its earlier record and the findings that came with it; findings most severe first; JSON always valid.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonRenderer } from '../../../cli/output/json-renderer.js';
import { ResultWriter } from '../../../cli/output/result-writer.js';
import { FIRST_WINDOW, textRenderer } from '../../../cli/output/text-renderer.js';
import { deriveFindings } from '../../../scanner/rules/index.js';
import type { OpenPort, ResultBatch } from '../../../scanner/types.js';

function sink() {
  const chunks: string[] = [];
  let writes = 0;
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      writes += 1;
      setImmediate(done);
    },
  });
  return { out, text: () => chunks.join(''), writes: () => writes };
}

function open(port: number, extra: Partial<OpenPort> = {}): OpenPort {
  return { ip: '198.18.1.2', port, protocol: 'tcp', state: 'open', ...extra };
}

const batch = (ports: OpenPort[]): ResultBatch => ({ openPorts: ports, findings: deriveFindings(ports) });

describe('ResultWriter', () => {
  it('spooled (scan-now): status first, a re-delivered port replaces the earlier record and its findings', async () => {
    const { out, text } = sink();
    const sut = new ResultWriter(out, jsonRenderer);
    await sut.add(batch([open(6379), open(22)]));
    await sut.add(batch([open(6379, { service: 'redis', product: 'Redis key-value store', version: '7.0.15' })]));
    expect(text()).toBe('');
    await sut.finish({ status: 'completed', warnings: ['w'] });
    const result = JSON.parse(text()) as { status: string; openPorts: unknown[]; findings: Array<{ severity: string; port: number; title: string }>; warnings: string[] };
    expect(Object.keys(result)).toEqual(['status', 'openPorts', 'findings', 'warnings']);
    expect(result.openPorts).toEqual([
      { ip: '198.18.1.2', port: 22, protocol: 'tcp', service: null, product: null, version: null },
      { ip: '198.18.1.2', port: 6379, protocol: 'tcp', service: 'redis', product: 'Redis key-value store', version: '7.0.15' },
    ]);
    // The first delivery of 6379 (no service) was also "exposed Redis" by its port; only the last one's findings stay.
    expect(result.findings.filter((f) => f.port === 6379)).toHaveLength(1);
    expect(result.findings.map((f) => f.severity)).toEqual([...result.findings.map((f) => f.severity)].sort((a, b) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(a) - ['critical', 'high', 'medium', 'low', 'info'].indexOf(b)));
    expect(result.warnings).toEqual(['w']);
  });

  it('direct (parse): ports go out as they come, in small writes, honouring back-pressure', async () => {
    const { out, text, writes } = sink();
    const sut = new ResultWriter(out, jsonRenderer, 'completed');
    for (let i = 0; i < 20; i += 1) await sut.add(batch(Array.from({ length: 1000 }, (_, j) => open(20000 + ((i * 1000 + j) % 40000), { ip: `198.18.${i}.${j % 250}` }))));
    expect(text().startsWith('{"status":"completed","openPorts":[{')).toBe(true);
    await sut.finish({ status: 'completed', warnings: [] });
    const result = JSON.parse(text()) as { openPorts: unknown[]; findings: unknown[] };
    expect(result.openPorts).toHaveLength(20_000);
    expect(result.findings).toHaveLength(20_000);
    expect(writes()).toBeGreaterThan(10);
  });

  it('a failure before any port still gives one valid object with the error', async () => {
    const { out, text } = sink();
    const sut = new ResultWriter(out, jsonRenderer, 'completed');
    await sut.finish({ status: 'failed', error: 'not nmap XML', warnings: [] });
    expect(JSON.parse(text())).toEqual({ status: 'failed', openPorts: [], findings: [], error: 'not nmap XML' });
  });

  it('text: columns sized on the first rows, later long cells do not re-flow the table, counts after the rows', async () => {
    const { out, text } = sink();
    const sut = new ResultWriter(out, textRenderer(), 'completed');
    await sut.add(batch(Array.from({ length: FIRST_WINDOW + 10 }, (_, i) => open(20000 + i, { service: 'x' }))));
    await sut.add(batch([open(30000, { service: 'a-very-long-service-name-from-a-hostile-host\u001b[2J' })]));
    await sut.finish({ status: 'completed', warnings: [] });
    const lines = text().split('\n');
    expect(lines.slice(0, 4)).toEqual(['Status: completed', '', 'Open ports:', '  IP          PORT       SERVICE  PRODUCT VERSION']);
    expect(lines[4]).toBe('  198.18.1.2  20000/tcp  x');
    expect(lines).toContain('  198.18.1.2  30000/tcp  a-very-long-service-name-from-a-hostile-host?[2J');
    expect(lines).toContain(`${FIRST_WINDOW + 11} open port(s).`);
    expect(lines).toContain(`Findings (${FIRST_WINDOW + 11}):`);
  });
});
