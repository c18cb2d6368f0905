// The nmap runner's two phases: discovery over the whole request (one run per address family, nmap cannot
// mix IPv4 and IPv6), then service detection (-sV) on the ports found, one run per group of hosts that
// share the same open ports. Service results replace the discovery records they describe.
import type { OpenPort, ScanRequest } from '../types.js';
import { buildNmapDiscoveryArgs, buildNmapServiceArgs, groupHostsByPorts } from './nmap-args.js';
import { runNmapOnce } from './nmap-invocation.js';
import type { Phase, PhaseResult, RunContext } from './run-context.js';

/** Runs `steps` one after the other, splitting the phase's progress evenly; stops at the first stop/error. */
async function inSteps<T>(steps: T[], phase: Phase, run: (step: T, onPercent: (p: number) => void) => Promise<PhaseResult>): Promise<PhaseResult> {
  const total: PhaseResult = { openPorts: [], warnings: [] };
  for (const [index, step] of steps.entries()) {
    const result = await run(step, (p) => phase.progress(((index + p / 100) / steps.length) * 100));
    total.openPorts.push(...result.openPorts);
    total.warnings.push(...result.warnings);
    if (result.stopped || result.error) return { ...total, ...(result.stopped ? { stopped: result.stopped } : {}), ...(result.error ? { error: result.error } : {}) };
  }
  phase.progress(100);
  return total;
}

export async function runNmapDiscovery(request: ScanRequest, rawSockets: boolean, ctx: RunContext, phase: Phase): Promise<PhaseResult> {
  if (!rawSockets) ctx.log('warning', 'nmap discovery uses a TCP connect scan (-sT): this worker cannot open raw sockets (needs NET_RAW and NET_ADMIN for -sS)');
  const families = ([4, 6] as const)
    .map((family) => ({ family, targets: request.targets.filter((t) => t.family === family).map((t) => t.cidr) }))
    .filter((f) => f.targets.length > 0);
  return inSteps(families, phase, ({ family, targets }, onPercent) =>
    runNmapOnce(
      (options) => buildNmapDiscoveryArgs(request, targets, options),
      { rawSockets, rate: request.rate, portTimeoutMs: request.portTimeoutMs, family },
      ctx, phase, onPercent,
    ));
}

function key(port: Pick<OpenPort, 'ip' | 'port' | 'protocol'>): string {
  return `${port.ip}|${port.protocol}|${port.port}`;
}

/** `found` with the service fields nmap -sV filled in; ports -sV no longer saw keep their discovery record. */
export function mergeServices(found: OpenPort[], detected: OpenPort[]): OpenPort[] {
  const byKey = new Map(detected.map((p) => [key(p), p]));
  return found.map((port) => {
    const service = byKey.get(key(port));
    return service ? { ...port, ...service, ...(port.banner && !service.banner ? { banner: port.banner } : {}), ...(port.ttl !== undefined && service.ttl === undefined ? { ttl: port.ttl } : {}) } : port;
  });
}

export async function runNmapServiceDetection(found: OpenPort[], request: ScanRequest, rawSockets: boolean, ctx: RunContext, phase: Phase): Promise<PhaseResult> {
  if (found.length === 0) {
    phase.progress(100);
    return { openPorts: [], warnings: [] };
  }
  const groups = groupHostsByPorts(found);
  ctx.log('info', `service detection (nmap -sV) on ${found.length} open port(s) of ${new Set(found.map((p) => p.ip)).size} host(s)`);
  const detected = await inSteps(groups, phase, ({ ips, ports, family }, onPercent) =>
    runNmapOnce(
      (options) => buildNmapServiceArgs(ips, ports, options),
      { rawSockets, rate: request.rate, portTimeoutMs: request.portTimeoutMs, family },
      ctx, phase, onPercent,
    ));
  return { ...detected, openPorts: mergeServices(found, detected.openPorts) };
}
