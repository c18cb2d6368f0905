// engine_overhead_ratio (issue 2): what the engine costs on top of the tools. `portcullis scan-now` is
// spawned as a user would run it (node start-up, config, capability probe, parsing, findings, output)
// against a test host, and compared with the bare tool commands on the same target, ports and rate:
//   masscan: the same masscan command line; both cut masscan's known hang past --wait the same way
//            (SIGINT two seconds past it), otherwise the baseline would measure that bug, not the engine.
//   nmap:    the same two nmap commands (discovery, then -sV on the ports found) run back to back.
// Median of RUNS runs each, interleaved so drift hits both sides. Target: ratio ≤ 1.10. The same scans
// through runScan in this process are reported beside it (engine_inprocess_*), without Node's start-up.
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runScan } from '../scanner/engine.js';
import { parsePortSpec } from '../scanner/ports.js';
import { buildMasscanArgs, parseMasscanStatus } from '../scanner/runners/masscan-args.js';
import { buildNmapDiscoveryArgs, buildNmapServiceArgs } from '../scanner/runners/nmap-args.js';
import { parseTargets } from '../scanner/targets.js';
import type { ScanRequest } from '../scanner/types.js';
import { createTestHost, type TestHost } from '../test/helpers/test-host.js';
import { figure, report, type BenchFigure } from './figures.js';

const RUNS = 3;
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'bin', 'portcullis.js');
const setups = {
  masscan: { ports: '1-3000,6379,8080', rate: 1000 },
  nmap: { ports: '1-1000,6379,8080', rate: 1000 },
} as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

function request(host: TestHost, tool: 'masscan' | 'nmap'): ScanRequest {
  return {
    targets: parseTargets(host.ip, { allow: [host.subnet], deny: [] }),
    ports: parsePortSpec(setups[tool].ports),
    scanner: tool, rate: setups[tool].rate, timeoutSeconds: 300, portTimeoutMs: 1000, exclude: [], masscan: host.masscan,
  };
}

async function bareMasscan(host: TestHost): Promise<void> {
  const child = execa('masscan', buildMasscanArgs(request(host, 'masscan')), { reject: false, stdout: 'ignore' });
  let stopping = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\r')) {
      const status = parseMasscanStatus(line);
      if (stopping || status?.waitingSeconds === undefined || status.waitingSeconds > -2) continue;
      // Once, as the engine does: a second SIGINT makes masscan hang longer; SIGKILL after 3 s.
      stopping = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }
  });
  await child;
}

async function bareNmap(host: TestHost): Promise<void> {
  const options = { rawSockets: true, rate: setups.nmap.rate, portTimeoutMs: 1000, family: 4 as const, xmlFile: '/dev/null' };
  const discovery = await execa('nmap', [...buildNmapDiscoveryArgs(request(host, 'nmap'), [host.ip], options), '-oG', '-']);
  const ports = [...discovery.stdout.matchAll(/(\d+)\/open\/tcp/g)].map((m) => ({ ip: host.ip, port: Number(m[1]), protocol: 'tcp' as const, state: 'open' }));
  if (ports.length !== host.openPorts.length) throw new Error(`bare nmap found ${ports.length} ports, expected ${host.openPorts.length}`);
  await execa('nmap', buildNmapServiceArgs([host.ip], { tcp: ports.map((p): [number, number] => [p.port, p.port]), udp: [] }, options));
}

async function inProcess(host: TestHost, tool: 'masscan' | 'nmap'): Promise<void> {
  const result = await runScan(request(host, tool));
  if (result.status !== 'completed') throw new Error(`runScan ${tool} ended ${result.status}: ${result.error ?? ''}`);
}

async function scanNow(host: TestHost, tool: 'masscan' | 'nmap'): Promise<void> {
  const result = await execa(process.execPath, [cli, 'scan-now', '--targets', host.ip, '--ports', setups[tool].ports, '--scanner', tool,
    '--rate', String(setups[tool].rate), '--port-timeout', '1000', '--json'], {
    reject: false,
    env: { SCOPE_ALLOW: host.subnet, MASSCAN_ADAPTER: host.masscan.adapter, MASSCAN_ADAPTER_IP: host.masscan.adapterIp, MASSCAN_ROUTER_MAC: host.masscan.routerMac },
  });
  const parsed = JSON.parse(result.stdout) as { status: string; openPorts: unknown[] };
  if (parsed.status !== 'completed') throw new Error(`scan-now ${tool} ended ${parsed.status}: ${result.stdout}`);
}

const host = await createTestHost({ servers: ['http', 'redis', 'ssh'] });
const figures: BenchFigure[] = [];
try {
  const ratios: number[] = [];
  for (const tool of ['masscan', 'nmap'] as const) {
    const bare: number[] = [];
    const engine: number[] = [];
    const library: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(await timed(() => (tool === 'masscan' ? bareMasscan(host) : bareNmap(host))));
      engine.push(await timed(() => scanNow(host, tool)));
      library.push(await timed(() => inProcess(host, tool)));
    }
    const f = figure(`engine_overhead_${tool}_s`, median(engine), 's', { baseline: median(bare), baselineName: `bare ${tool} commands`, target: 'ratio ≤ 1.10' });
    // The same scan through runScan in this process: the engine without Node start-up and module loading.
    figures.push(figure(`engine_inprocess_${tool}_s`, median(library), 's', { baseline: median(bare), baselineName: `bare ${tool} commands` }));
    figures.push(f);
    ratios.push(f.ratio ?? 0);
  }
  figures.push(figure('engine_overhead_ratio', Math.max(...ratios), 'x', { target: '≤ 1.10 (worst of masscan and nmap)' }));
} finally {
  await host.destroy();
}
report(figures);
