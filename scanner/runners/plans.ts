// The three ways to run a scan (DESIGN §3), each a sequence of phases with its share of the progress bar
// and of the time budget: masscan alone; nmap discovery (70 %) then -sV (30 %, at least 120 s); hybrid,
// masscan discovery (progress 0–75 %) then nmap -sV on what it found (75–100 %), where a failed nmap phase
// leaves the masscan results standing with a warning.
import { formatDuration } from '../durations.js';
import type { ScanRequest } from '../types.js';
import { runMasscan } from './masscan.js';
import { runNmapDiscovery, runNmapServiceDetection } from './nmap.js';
import type { Phase, PhaseResult, RunContext } from './run-context.js';

export interface PlanOptions {
  rawSockets: boolean;
  nmapAvailable: boolean;
}

/** Time budgets of a two-phase run: discovery 70 %, service detection 30 % but at least 120 s. */
export function splitBudget(timeoutSeconds: number): { discovery: number; services: number } {
  return { discovery: timeoutSeconds * 0.7, services: Math.max(timeoutSeconds * 0.3, 120) };
}

/** A phase stopped by its timeout becomes the run's error, saying what was kept. */
function withTimeoutError(result: PhaseResult, phase: Phase, ctx: RunContext, keptPorts: number): PhaseResult {
  if (result.stopped !== 'timeout') return result;
  const error = `${phase.name} timed out after ${formatDuration(Math.round(phase.budgetSeconds))} at ${Math.floor(ctx.progressPercent)} %; ${keptPorts} open ports found before the stop are kept`;
  return { ...result, error };
}

async function inPhase(ctx: RunContext, name: string, range: [number, number], budget: number, work: (phase: Phase) => Promise<PhaseResult>): Promise<PhaseResult> {
  const phase = ctx.startPhase(name, range, budget);
  try {
    const result = await work(phase);
    return withTimeoutError(result, phase, ctx, ctx.results.openPortCount);
  } finally {
    phase.end();
  }
}

export function runMasscanPlan(request: ScanRequest, ctx: RunContext): Promise<PhaseResult> {
  return inPhase(ctx, 'masscan', [0, 100], request.timeoutSeconds, (phase) => runMasscan(request, ctx, phase));
}

export async function runNmapPlan(request: ScanRequest, ctx: RunContext, options: PlanOptions): Promise<PhaseResult> {
  const budget = splitBudget(request.timeoutSeconds);
  const discovery = await inPhase(ctx, 'nmap discovery', [0, 70], budget.discovery, (phase) => runNmapDiscovery(request, options.rawSockets, ctx, phase));
  if (discovery.stopped || discovery.error) return discovery;
  return inPhase(ctx, 'nmap service detection', [70, 100], budget.services,
    (phase) => runNmapServiceDetection(request, options.rawSockets, ctx, phase));
}

export async function runHybridPlan(request: ScanRequest, ctx: RunContext, options: PlanOptions): Promise<PhaseResult> {
  const budget = splitBudget(request.timeoutSeconds);
  const discovery = await inPhase(ctx, 'masscan', [0, 75], budget.discovery, (phase) => runMasscan(request, ctx, phase));
  if (discovery.stopped || discovery.error) return discovery;
  if (!options.nmapAvailable) {
    const warning = 'nmap is not installed on this worker: service detection was skipped, the masscan results stand';
    ctx.log('warning', warning);
    return { ...discovery, warnings: [...discovery.warnings, warning] };
  }
  const services = await inPhase(ctx, 'nmap service detection', [75, 100], budget.services,
    (phase) => runNmapServiceDetection(request, options.rawSockets, ctx, phase));
  if (services.stopped === 'cancelled') return { ...services, warnings: [...discovery.warnings, ...services.warnings] };
  if (services.error) {
    const warning = `the nmap service detection failed (${services.error}); the masscan results stand without service names`;
    ctx.log('warning', warning);
    return { warnings: [...discovery.warnings, ...services.warnings, warning] };
  }
  return { ...services, warnings: [...discovery.warnings, ...services.warnings] };
}
