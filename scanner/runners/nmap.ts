// The nmap runner's two phases: discovery over the whole request (one run per address family, nmap cannot
// mix IPv4 and IPv6), then service detection (-sV) on the ports found, one run per group of hosts that
// share the same open ports (nmap-service-plan.ts). Both stream their ports to the run's ResultStream;
// service results are delivered again for the ports they describe and replace the discovery records.
import type { ScanRequest } from '../types.js';
import { buildNmapDiscoveryArgs, buildNmapServiceArgs } from './nmap-args.js';
import { runNmapOnce } from './nmap-invocation.js';
import { planServiceRuns } from './nmap-service-plan.js';
import type { Phase, PhaseResult, RunContext } from './run-context.js';

/** Runs `steps` one after the other, splitting the phase's progress evenly; stops at the first stop/error. */
async function inSteps<T>(steps: T[], phase: Phase, run: (step: T, onPercent: (p: number) => void) => Promise<PhaseResult>): Promise<PhaseResult> {
  const warnings: string[] = [];
  for (const [index, step] of steps.entries()) {
    const result = await run(step, (p) => phase.progress(((index + p / 100) / steps.length) * 100));
    for (const warning of result.warnings) warnings.push(warning);
    if (result.stopped || result.error) return { warnings, ...(result.stopped ? { stopped: result.stopped } : {}), ...(result.error ? { error: result.error } : {}) };
  }
  phase.progress(100);
  return { warnings };
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

/** nmap -sV on the open ports the run has found so far (hosts that answer everywhere left out). */
export async function runNmapServiceDetection(request: ScanRequest, rawSockets: boolean, ctx: RunContext, phase: Phase): Promise<PhaseResult> {
  const runs = planServiceRuns(ctx.results.tally);
  if (runs.length === 0) {
    phase.progress(100);
    return { warnings: [] };
  }
  const ports = runs.reduce((n, run) => n + run.portCount, 0);
  const hosts = runs.reduce((n, run) => n + run.ips.length, 0);
  ctx.log('info', `service detection (nmap -sV) on ${ports} open port(s) of ${hosts} host(s) in ${runs.length} nmap run(s)`);
  return inSteps(runs, phase, (run, onPercent) =>
    runNmapOnce(
      (options) => buildNmapServiceArgs(run.ips, run, options),
      { rawSockets, rate: request.rate, portTimeoutMs: request.portTimeoutMs, family: run.family },
      ctx, phase, onPercent,
    ));
}
