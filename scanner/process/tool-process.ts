// Runs one scanner tool: an argument array through execa (never a shell), in its own process group, with
// stdout/stderr delivered line by line (masscan ends its progress lines with \r). A stop request sends
// SIGINT to the group and SIGKILL after a grace period; when the tool exits, any straggler in its group is
// killed too. Never rejects: spawn failures and exit codes come back in the result.
import { createWriteStream } from 'node:fs';
import { execa } from 'execa';
import { groupAlive, signalGroup, trackGroup, untrackGroup } from './process-group.js';

export interface ToolRunOptions {
  file: string;
  args: string[];
  /** Aborting it stops the tool: SIGINT to the group, SIGKILL after `graceMs(reason)`. */
  stop?: AbortSignal;
  graceMs?: (reason: unknown) => number;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** Also write stdout, as it comes, to this file (tool output streamed for parsing at the end). */
  stdoutFile?: string;
  /** Working directory; masscan writes paused.conf there when interrupted, so runs give a temp dir. */
  cwd?: string;
}

export interface ToolExit {
  exitCode?: number;
  signal?: string;
  /** Set when the tool could not be started at all (e.g. ENOENT). */
  spawnError?: NodeJS.ErrnoException;
  /** The last stderr lines, for error messages. */
  stderrTail: string[];
  /** True when the stop signal ended the run. */
  stopped: boolean;
}

const TAIL_LINES = 30;

function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    const parts = (pending + chunk.toString('utf8')).split(/\r\n|\r|\n/);
    pending = parts.pop() ?? '';
    for (const part of parts) if (part.trim() !== '') onLine(part);
  };
}

export async function runTool(options: ToolRunOptions): Promise<ToolExit> {
  const stderrTail: string[] = [];
  const child = execa(options.file, options.args, {
    detached: true,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    env: { LC_ALL: 'C' },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const pid = child.pid;
  if (pid !== undefined) trackGroup(pid);

  const sink = options.stdoutFile ? createWriteStream(options.stdoutFile) : undefined;
  if (sink) child.stdout?.pipe(sink);
  if (options.onStdoutLine) child.stdout?.on('data', lineSplitter(options.onStdoutLine));
  child.stderr?.on('data', lineSplitter((line) => {
    stderrTail.push(line);
    if (stderrTail.length > TAIL_LINES) stderrTail.shift();
    options.onStderrLine?.(line);
  }));

  let stopped = false;
  let killTimer: NodeJS.Timeout | undefined;
  const onStop = () => {
    if (pid === undefined || stopped) return;
    stopped = true;
    signalGroup(pid, 'SIGINT');
    const grace = options.graceMs?.(options.stop?.reason) ?? 3000;
    killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), grace);
  };
  if (options.stop?.aborted) onStop();
  else options.stop?.addEventListener('abort', onStop, { once: true });

  const result = await child;
  options.stop?.removeEventListener('abort', onStop);
  if (killTimer) clearTimeout(killTimer);
  if (pid !== undefined) {
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    untrackGroup(pid);
  }
  if (sink) await new Promise<void>((resolve) => (sink.writableFinished ? resolve() : sink.end(resolve)));

  const spawnError = result.failed && result.exitCode === undefined && !result.isTerminated ? (result.cause as NodeJS.ErrnoException | undefined) : undefined;
  return {
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal ? { signal: result.signal } : {}),
    ...(spawnError ? { spawnError } : {}),
    stderrTail,
    stopped,
  };
}
