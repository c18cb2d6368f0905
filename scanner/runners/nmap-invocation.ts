// One nmap run: XML to a temp file, `--stats-every` progress lines from stdout, stderr as warnings, and
// the XML parsed at the end — also when the run was stopped, so the hosts nmap completed are kept. The
// open ports stream host by host to the run's ResultStream (a host past the tarpit threshold becomes one
// finding there), never collected into an array.
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseNmapProgressLine, parseNmapXml } from '../parsers/nmap-xml.js';
import { runTool } from '../process/tool-process.js';
import type { NmapCommonOptions } from './nmap-args.js';
import { graceFor, type Phase, type PhaseResult, type RunContext, type StopReason } from './run-context.js';
import { withTempDir } from './temp-dir.js';
import { describeToolFailure } from './tool-failure.js';

export type NmapArgsBuilder = (options: NmapCommonOptions) => string[];

export async function runNmapOnce(
  build: NmapArgsBuilder,
  options: Omit<NmapCommonOptions, 'xmlFile'>,
  ctx: RunContext,
  phase: Phase,
  onPercent: (percent: number) => void,
): Promise<PhaseResult> {
  return withTempDir('nmap', async (dir) => {
    const xmlFile = join(dir, 'nmap.xml');
    const args = build({ ...options, xmlFile });
    ctx.log('info', `nmap ${args.join(' ')}`);
    const exit = await runTool({
      file: 'nmap',
      args,
      stop: phase.stop,
      graceMs: graceFor,
      onStdoutLine: (line) => {
        const progress = parseNmapProgressLine(line);
        if (progress) onPercent(progress.percent);
      },
      onStderrLine: (line) => ctx.log('warning', `nmap: ${line.trim().slice(0, 300)}`),
    });
    const stopped = phase.stop.aborted ? (phase.stop.reason as StopReason) : undefined;
    const error = stopped ? undefined : describeToolFailure('nmap', exit);
    if (!existsSync(xmlFile)) return { warnings: [], ...(stopped ? { stopped } : {}), ...(error ? { error } : {}) };
    const parsed = await parseNmapXml(createReadStream(xmlFile, { highWaterMark: 1 << 20 }), (ports, host) => {
      const open = ports.filter((p) => p.state === 'open' || p.state === 'open|filtered');
      if (open.length > 0) ctx.results.acceptHost(open[0]?.ip ?? host.ip, open);
    }, { collect: false, afterHosts: () => ctx.results.drain() });
    await ctx.results.flush();
    // A stopped nmap leaves truncated XML; the parser's warning about it is expected then, not news.
    const warnings = stopped ? [] : parsed.warnings;
    if (!error && !stopped) onPercent(100);
    return {
      warnings,
      ...(stopped ? { stopped } : {}),
      ...(error ? { error } : {}),
    };
  });
}
