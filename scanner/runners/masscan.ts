// The masscan runner: one discovery run, NDJSON streamed line-buffered to a temp file (so a killed run keeps
// what it found), progress parsed from the status line on stderr. masscan is known to hang past `--wait`;
// once it is two seconds past, it is stopped with SIGINT (its output is complete by then).
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseMasscanNdjson } from '../parsers/masscan.js';
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
    const parsed = existsSync(outFile) ? await parseMasscanNdjson(createReadStream(outFile, { highWaterMark: 1 << 20 })) : { openPorts: [], warnings: [] };
    if (!error && !stopped) phase.progress(100);
    ctx.log('info', `masscan found ${parsed.openPorts.length} open port(s)`);
    return {
      openPorts: parsed.openPorts,
      warnings: parsed.warnings,
      ...(stopped ? { stopped } : {}),
      ...(error ? { error } : {}),
    };
  });
}
