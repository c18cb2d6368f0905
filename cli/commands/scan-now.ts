// `portcullis scan-now`: runs the scan engine in-process, without queue or database (DESIGN §8). The
// safety policy applies (SCOPE_ALLOW / SCOPE_DENY from the environment); the registered scope does not.
// Progress goes to stderr for people, the result to stdout (`--json` for tools), streamed from the engine
// (ScanRequest.onResults) through a spool so memory stays flat however much is found. Ctrl-C cancels the
// run cleanly (tools killed, partial results printed); a second Ctrl-C exits at once. Only a request
// refused before anything was sent prints status "refused".
import { parseArgs } from 'node:util';
import { loadConfig } from '../../core/config.js';
import { parseDuration } from '../../scanner/durations.js';
import { runScan } from '../../scanner/engine.js';
import { parsePortSpec } from '../../scanner/ports.js';
import { parseTargets } from '../../scanner/targets.js';
import type { ProtocolChoice, ScanEvent, ScanRequest, ScannerKind } from '../../scanner/types.js';
import { scanOutputWriter } from '../scan-output.js';

const USAGE = 'Usage: portcullis scan-now --targets T --ports P --scanner masscan|nmap|hybrid [--rate N] [--timeout S] [--port-timeout MS] [--proto tcp|udp|both] [--json] [--verbose]';

class UsageError extends Error {}

function choice<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`--${name} must be a whole number above 0 (got "${value}")`);
  return Number(value);
}

function parseOptions(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      targets: { type: 'string' }, ports: { type: 'string', default: 'top100' }, scanner: { type: 'string', default: 'hybrid' },
      rate: { type: 'string', default: '1000' }, timeout: { type: 'string', default: '3600' }, 'port-timeout': { type: 'string', default: '1500' },
      proto: { type: 'string', default: 'tcp' }, json: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  return values;
}

function progressPrinter(verbose: boolean): (event: ScanEvent) => void {
  const tty = process.stderr.isTTY === true;
  let lastShown = -10;
  return (event) => {
    if (event.type === 'progress') {
      if (tty) process.stderr.write(`\r[${String(event.percent).padStart(3)}%] ${event.phase}   `);
      else if (event.percent >= lastShown + 10 || event.percent === 100) {
        lastShown = event.percent;
        process.stderr.write(`[${String(event.percent).padStart(3)}%] ${event.phase}\n`);
      }
      return;
    }
    if (event.level === 'info' && !verbose) return;
    process.stderr.write(`${tty ? '\r\x1b[K' : ''}${event.level}: ${event.message}\n`);
  };
}

async function buildRequest(values: ReturnType<typeof parseOptions>, signal: AbortSignal): Promise<ScanRequest> {
  if (!values.targets) throw new UsageError('--targets is required (e.g. --targets 203.0.113.10,203.0.113.0/28)');
  const config = loadConfig();
  const scanner = choice<ScannerKind>(values.scanner, ['masscan', 'nmap', 'hybrid'], 'scanner');
  const proto = choice<ProtocolChoice>(values.proto, ['tcp', 'udp', 'both'], 'proto');
  return {
    targets: parseTargets(values.targets, { allow: config.SCOPE_ALLOW, deny: config.SCOPE_DENY }),
    ports: parsePortSpec(values.ports, proto),
    scanner,
    rate: wholeNumber(values.rate, 'rate'),
    timeoutSeconds: parseDuration(values.timeout),
    portTimeoutMs: wholeNumber(values['port-timeout'], 'port-timeout'),
    exclude: config.SCOPE_DENY,
    tarpitPortThreshold: config.TARPIT_PORT_THRESHOLD,
    masscan: { adapter: config.MASSCAN_ADAPTER, adapterIp: config.MASSCAN_ADAPTER_IP, routerMac: config.MASSCAN_ROUTER_MAC },
    signal,
    onEvent: progressPrinter(values.verbose),
  };
}

export async function run(args: string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping the scan (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  let json = false;
  try {
    const values = parseOptions(args);
    json = values.json;
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const request = await buildRequest(values, controller.signal);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    const writer = scanOutputWriter(json);
    let result;
    try {
      result = await runScan({ ...request, onResults: (batch) => writer.add(batch) });
    } catch (error) {
      await writer.close();
      throw error;
    }
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    await writer.finish({ status: result.status, warnings: result.warnings, ...(result.error !== undefined ? { error: result.error } : {}) });
    return result.status === 'completed' ? 0 : result.status === 'cancelled' ? 130 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (json) process.stdout.write(`${JSON.stringify({ status: 'refused', openPorts: [], findings: [], error: message })}\n`);
    process.stderr.write(`portcullis scan-now: ${message}\n${error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${USAGE}\n` : ''}`);
    return 2;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
