// A host that answers on every TCP port (a SYN proxy or tarpit: NAT in its namespace redirects every port
// to one listener) scanned on 1–65535 next to a real host, with nmap, masscan and hybrid. The run
// completes; the tarpit is one finding with its ports as ranges, no port rows and no service detection;
// the real host's ports come through as usual. masscan and hybrid stream their results (onResults).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../../scanner/engine.js';
import { parsePortSpec } from '../../../scanner/ports.js';
import { MAX_BATCH_PORTS } from '../../../scanner/results/result-stream.js';
import { parseTargets } from '../../../scanner/targets.js';
import type { Finding, OpenPort, ResultBatch, ScanResult } from '../../../scanner/types.js';
import { addAnswerEverywhereAddress } from '../../helpers/tarpit-address.js';
import { createTestHost, type TestHost } from '../../helpers/test-host.js';
import { logs, requestFor, scannerProcessesFor, sortedPorts } from './engine-test-kit.js';

const RULE = 'host-answers-everywhere';

describe('hosts that answer on every port', () => {
  let host: TestHost;
  let tarpit: string;
  beforeAll(async () => {
    host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
    tarpit = await addAnswerEverywhereAddress(host, host.ports.http!);
  }, 60_000);
  afterAll(async () => host?.destroy());

  function request(scanner: 'masscan' | 'nmap' | 'hybrid') {
    return requestFor(host, {
      scanner,
      targets: parseTargets(`${host.ip},${tarpit}`, { allow: [host.subnet], deny: [] }),
      ports: parsePortSpec('1-65535'),
      // Modest: masscan on a veth drops probes when the machine is busy (a missed real port fails the test).
      rate: 2500,
      timeoutSeconds: 300,
    });
  }

  /** Streaming consumer: keeps the latest record of each port and finding, as the contract says. */
  function streamed() {
    const ports = new Map<string, OpenPort>();
    const findings = new Map<string, Finding>();
    const sizes: number[] = [];
    const onResults = async (batch: ResultBatch) => {
      sizes.push(batch.openPorts.length);
      for (const p of batch.openPorts) ports.set(`${p.ip}|${p.port}|${p.protocol}`, p);
      for (const f of batch.findings) findings.set(`${f.ruleId}|${f.ip}|${f.port}|${f.protocol}`, f);
    };
    return { ports, findings, sizes, onResults };
  }

  function expectTarpitFinding(findings: Finding[]): void {
    const found = findings.filter((f) => f.ruleId === RULE);
    expect(found).toHaveLength(1);
    const [finding] = found;
    expect(finding?.ip).toBe(tarpit);
    expect(finding?.title).toMatch(new RegExp(`^${tarpit.replace(/\./g, '\\.')} answers on \\d+ ports: likely a SYN proxy or tarpit$`));
    // masscan on a veth may miss a probe or two; the host still answered on nearly all of them.
    expect(Number(/answers on (\d+) ports/.exec(finding?.title ?? '')?.[1])).toBeGreaterThan(60_000);
    // Ranges of TCP ports (masscan on a veth under load misses a few, so the first range need not start at 1).
    expect(finding?.evidence).toMatch(/\(T:(\d+,)*\d+-\d+/);
  }

  it('nmap: completes with one tarpit finding, no rows and no -sV for the tarpit, the real host detected as usual', async () => {
    const req = request('nmap');
    const result = await runScan(req);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.openPorts.every((p) => p.ip === host.ip)).toBe(true);
    expect(sortedPorts(result.openPorts)).toEqual(host.openPorts);
    expect(result.openPortCount).toBe(host.openPorts.length);
    expect(result.openPorts.find((p) => p.port === 6379)?.service).toBe('redis');
    expectTarpitFinding(result.findings);
    const serviceRuns = logs(req.events, 'info').filter((m) => m.startsWith('nmap -sV'));
    expect(serviceRuns.length).toBeGreaterThan(0);
    expect(serviceRuns.every((m) => !m.includes(tarpit) && m.includes(host.ip))).toBe(true);
    expect(logs(req.events, 'warning').some((m) => m.includes(`${tarpit} answers on`))).toBe(true);
    expect(await scannerProcessesFor(host)).toEqual([]);
  }, 240_000);

  it('masscan, streaming: bounded batches, the tarpit as one finding, openPortCount the real host\'s ports', async () => {
    const consumer = streamed();
    const req = { ...request('masscan'), onResults: consumer.onResults };
    const result: ScanResult = await runScan(req);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.openPorts).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(consumer.sizes.every((n) => n <= MAX_BATCH_PORTS)).toBe(true);
    expect([...consumer.ports.values()].every((p) => p.ip === host.ip)).toBe(true);
    expect(sortedPorts([...consumer.ports.values()])).toEqual(host.openPorts);
    expect(result.openPortCount).toBe(consumer.ports.size);
    expectTarpitFinding([...consumer.findings.values()]);
    expect(await scannerProcessesFor(host)).toEqual([]);
  }, 240_000);

  it('hybrid, streaming: masscan ports first, nmap -sV on the real host only, its records replacing them', async () => {
    const consumer = streamed();
    const req = { ...request('hybrid'), onResults: consumer.onResults };
    const result = await runScan(req);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.warnings).toEqual([]);
    expect(result.openPorts).toEqual([]);
    expect(sortedPorts([...consumer.ports.values()])).toEqual(host.openPorts);
    expect(result.openPortCount).toBe(host.openPorts.length);
    expect(consumer.ports.get(`${host.ip}|6379|tcp`)?.service).toBe('redis');
    expect(consumer.ports.get(`${host.ip}|6379|tcp`)?.ttl).toBe(64);
    expect([...consumer.findings.values()].find((f) => f.port === 6379 && f.ruleId === 'exposed-redis')?.severity).toBe('critical');
    expectTarpitFinding([...consumer.findings.values()]);
    const serviceRuns = logs(req.events, 'info').filter((m) => m.startsWith('nmap -sV'));
    expect(serviceRuns).toHaveLength(1);
    expect(serviceRuns[0]).not.toContain(tarpit);
    expect(await scannerProcessesFor(host)).toEqual([]);
  }, 240_000);

  it('a consumer that throws fails the run (never a refusal, never an exception) and says why', async () => {
    const req = { ...requestFor(host), onResults: async () => { throw new Error('database went away'); } };
    const result = await runScan(req);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('database went away');
    expect(await scannerProcessesFor(host)).toEqual([]);
  }, 60_000);
});
