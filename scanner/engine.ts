// The scan engine's one entry point: validates a request, runs masscan, nmap or hybrid, derives the findings
// and says how the run ended. Tool failures, timeouts and cancellations are outcomes (failed/cancelled with
// the partial open ports), not exceptions; only an invalid request throws a ScannerError. Results stream to
// ScanRequest.onResults as the tools report them, or are collected into the ScanResult without it.
import { probeCapabilities } from './capabilities.js';
import { ScannerError } from './errors.js';
import { ResultCollector } from './results/result-collector.js';
import { ResultStream } from './results/result-stream.js';
import { runHybridPlan, runMasscanPlan, runNmapPlan } from './runners/plans.js';
import { RunContext } from './runners/run-context.js';
import type { PhaseResult } from './runners/run-context.js';
import type { Capabilities, ScanRequest, ScanResult } from './types.js';

const MAX_TIMEOUT_SECONDS = 7200;
const MAX_RATE = 10_000_000;

function invalid(message: string): never {
  throw new ScannerError('OPTION_INVALID', message);
}

export function validateScanRequest(request: ScanRequest): void {
  if (!['masscan', 'nmap', 'hybrid'].includes(request.scanner)) invalid(`unknown scanner "${String(request.scanner)}": use masscan, nmap or hybrid`);
  if (request.targets.length === 0) invalid('no targets: give at least one IP address or CIDR');
  if (request.ports.tcp.length === 0 && request.ports.udp.length === 0) invalid('no ports left to scan: check the port spec and its ! exclusions');
  if (!Number.isInteger(request.rate) || request.rate < 1 || request.rate > MAX_RATE) invalid(`rate must be a whole number of packets per second from 1 to ${MAX_RATE}`);
  if (!Number.isFinite(request.timeoutSeconds) || request.timeoutSeconds <= 0 || request.timeoutSeconds > MAX_TIMEOUT_SECONDS) invalid(`timeout must be more than 0 and at most ${MAX_TIMEOUT_SECONDS} seconds (2h)`);
  if (!Number.isInteger(request.portTimeoutMs) || request.portTimeoutMs < 1 || request.portTimeoutMs > 60_000) invalid('port-timeout must be a whole number of milliseconds from 1 to 60000');
  const threshold = request.tarpitPortThreshold;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1 || threshold > 131_072)) invalid('the tarpit port threshold must be a whole number of ports from 1 to 131072 (TARPIT_PORT_THRESHOLD)');
}

/** The tool the scanner kind cannot do without, when it is missing. */
function missingTool(request: ScanRequest, caps: Capabilities): string | undefined {
  if (request.scanner !== 'nmap' && !caps.masscan.available) return 'masscan is not installed on this worker — install it (apt-get install masscan) or use scanner=nmap';
  if (request.scanner === 'nmap' && !caps.nmap.available) return 'nmap is not installed on this worker — install it (apt-get install nmap) or use scanner=masscan';
  return undefined;
}

async function dispatch(request: ScanRequest, ctx: RunContext, caps: Capabilities): Promise<PhaseResult> {
  const options = { rawSockets: caps.rawSockets, nmapAvailable: caps.nmap.available };
  if (request.scanner === 'masscan') return runMasscanPlan(request, ctx);
  if (request.scanner === 'nmap') return runNmapPlan(request, ctx, options);
  return runHybridPlan(request, ctx, options);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the plan; anything thrown once packets may have been sent is the run's failure, never a refusal. */
async function execute(request: ScanRequest, ctx: RunContext, caps: Capabilities): Promise<PhaseResult> {
  const missing = missingTool(request, caps);
  if (missing) return { warnings: [], error: missing };
  if (request.signal?.aborted) return { warnings: [], stopped: 'cancelled' };
  try {
    const outcome = await dispatch(request, ctx, caps);
    await ctx.results.flush();
    return outcome;
  } catch (error) {
    return { warnings: [], error: `the scan engine failed while the run was under way: ${messageOf(error)} — the results found before it are kept; check the worker's log` };
  }
}

function tarpitLog(sink: ScanRequest['onEvent']): (ip: string, count: number, threshold: number) => void {
  return (ip, count, threshold) => sink?.({ type: 'log', level: 'warning', at: new Date(), message: `${ip} answers on ${count} ports (more than ${threshold}): likely a SYN proxy or tarpit; its ports are summarised in one finding and service detection skips it` });
}

export async function runScan(request: ScanRequest): Promise<ScanResult> {
  validateScanRequest(request);
  const startedAt = new Date();
  const collector = request.onResults ? undefined : new ResultCollector();
  const stream = new ResultStream(request.onResults ?? (collector as ResultCollector).add, request.tarpitPortThreshold, tarpitLog(request.onEvent));
  const ctx = new RunContext(request.onEvent, request.signal, stream);
  const caps = await probeCapabilities();
  const outcome = await execute(request, ctx, caps);

  const count = stream.openPortCount;
  const status = outcome.stopped === 'cancelled' ? 'cancelled' : outcome.error ? 'failed' : 'completed';
  if (status === 'completed') ctx.progress(100, 'done');
  if (status === 'cancelled') ctx.log('warning', `run cancelled at ${Math.floor(ctx.progressPercent)} %; ${count} open ports found before the stop are kept`);
  if (status === 'failed') ctx.log('error', outcome.error ?? 'the run failed');
  if (status === 'completed') ctx.log('info', `run completed: ${count} open port(s)`);
  const openPorts = collector ? collector.openPorts() : [];
  return {
    status,
    openPorts,
    findings: collector ? collector.findings(openPorts, stream.tarpitFindings()) : [],
    openPortCount: count,
    ...(status === 'failed' && outcome.error ? { error: outcome.error } : {}),
    warnings: outcome.warnings,
    progress: Math.floor(ctx.progressPercent),
    startedAt,
    endedAt: new Date(),
  };
}
