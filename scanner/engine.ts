// The scan engine's one entry point: validates a request, runs masscan, nmap or hybrid, derives the findings
// and says how the run ended. Tool failures, timeouts and cancellations are outcomes (failed/cancelled with
// the partial open ports), not exceptions; only an invalid request throws a ScannerError.
import { probeCapabilities } from './capabilities.js';
import { ScannerError } from './errors.js';
import { deriveFindings } from './rules/index.js';
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

export async function runScan(request: ScanRequest): Promise<ScanResult> {
  validateScanRequest(request);
  const startedAt = new Date();
  const ctx = new RunContext(request.onEvent, request.signal);
  const caps = await probeCapabilities();
  const missing = missingTool(request, caps);
  const outcome: PhaseResult = missing
    ? { openPorts: [], warnings: [], error: missing }
    : request.signal?.aborted
      ? { openPorts: [], warnings: [], stopped: 'cancelled' }
      : await dispatch(request, ctx, caps);

  const openPorts = outcome.openPorts;
  const status = outcome.stopped === 'cancelled' ? 'cancelled' : outcome.error ? 'failed' : 'completed';
  if (status === 'completed') ctx.progress(100, 'done');
  if (status === 'cancelled') ctx.log('warning', `run cancelled at ${Math.floor(ctx.progressPercent)} %; ${openPorts.length} open ports found before the stop are kept`);
  if (status === 'failed') ctx.log('error', outcome.error ?? 'the run failed');
  if (status === 'completed') ctx.log('info', `run completed: ${openPorts.length} open port(s)`);
  return {
    status,
    openPorts,
    findings: deriveFindings(openPorts),
    ...(status === 'failed' && outcome.error ? { error: outcome.error } : {}),
    warnings: outcome.warnings,
    progress: Math.floor(ctx.progressPercent),
    startedAt,
    endedAt: new Date(),
  };
}
