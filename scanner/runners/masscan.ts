// The masscan runner: one discovery run, NDJSON streamed line-buffered to a temp file (so a killed run keeps
// what it found), progress parsed from the status line on stderr. masscan is known to hang past `--wait`;
// once it is two seconds past, it is stopped with SIGINT (its output is complete by then). The output is
// read twice, streaming: first to count the open ports of each host (masscan interleaves hosts, so a host
// that answers everywhere is only known at the end), then to hand the ports of the other hosts on.
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseMasscanNdjson } from '../parsers/masscan.js';
import { HostPortTally } from '../results/host-port-tally.js';
import { runTool } from '../process/tool-process.js';
import type { ScanRequest } from '../types.js';
import { buildMasscanArgs, parseMasscanStatus } from './masscan-args.js';
import { graceFor, type Phase, type PhaseResult, type RunContext, type StopReason } from './run-context.js';
import { withTempDir } from './temp-dir.js';
import { describeToolFailure } from './tool-failure.js';

const STDBUF = '/usr/bin/stdbuf';
const HANG_SECONDS = -2;

/** masscan through `stdbuf -oL` when present, so every record reaches the file as soon as it is found. */
function command(args: string[]): { file: string; args: string[] } {
  return existsSync(STDBUF) ? { file: STDBUF, args: ['-oL', 'masscan', ...args] } : { file: 'masscan', args };
}

export async function runMasscan(request: ScanRequest, ctx: RunContext, phase: Phase): Promise<PhaseResult> {
  return withTempDir('masscan', async (dir) => {
    const outFile = join(dir, 'masscan.ndjson');
    const args = buildMasscanArgs(request);
    ctx.log('info', `masscan ${args.join(' ')}`);
    const hang = new AbortController();
    const stop = AbortSignal.any([phase.stop, hang.signal]);

    const exit = await runTool({
      ...command(args),
      stop,
      graceMs: () => graceFor(phase.stop.aborted ? phase.stop.reason : 'hang'),
      stdoutFile: outFile,
      // masscan writes its resume file (paused.conf) into the working directory when interrupted.
      cwd: dir,
      onStderrLine: (line) => {
        const status = parseMasscanStatus(line);
        if (!status) {
          ctx.log(/FAIL|error/i.test(line) ? 'warning' : 'info', `masscan: ${line.trim().slice(0, 300)}`);
          return;
        }
        phase.progress(status.percent);
        if (status.waitingSeconds !== undefined && status.waitingSeconds <= HANG_SECONDS && !hang.signal.aborted) {
          ctx.log('info', 'masscan is past its --wait (a known masscan hang); stopping it, its results are complete');
          hang.abort('hang');
        }
      },
    });

    const stopped = phase.stop.aborted ? (phase.stop.reason as StopReason) : undefined;
    const error = stopped || hang.signal.aborted ? undefined : describeToolFailure('masscan', exit);
    const warnings = existsSync(outFile) ? await readOutput(outFile, ctx) : [];
    if (!error && !stopped) phase.progress(100);
    return {
      warnings,
      ...(stopped ? { stopped } : {}),
      ...(error ? { error } : {}),
    };
  });
}

function readOutputFile(file: string) {
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

/** Counts each host's open ports, marks those past the threshold, then streams the rest to ctx.results. */
async function readOutput(file: string, ctx: RunContext): Promise<string[]> {
  const counted = new HostPortTally();
  await parseMasscanNdjson(readOutputFile(file), (ports) => {
    for (const port of ports) counted.add(port);
  }, { collect: false });
  let tarpits = 0;
  for (const [ip, ports] of counted.entries()) {
    if (ports.count <= ctx.results.threshold) continue;
    ctx.results.markTarpit(ip, ports);
    tarpits += 1;
  }
  const delivered = counted.distinct;
  const parsed = await parseMasscanNdjson(readOutputFile(file), (ports) => ctx.results.accept(ports), { collect: false, afterBlock: () => ctx.results.drain() });
  await ctx.results.flush();
  const hosts = tarpits > 0 ? ` (${tarpits} host(s) answering on more than ${ctx.results.threshold} ports summarised)` : '';
  ctx.log('info', `masscan found ${delivered} open port(s)${hosts}`);
  return parsed.warnings;
}
