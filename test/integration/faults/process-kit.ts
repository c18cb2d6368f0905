// Spawns `node dist/cli/main.js <command>` with an environment of the test's own and collects its output,
// for the tests of long-running processes (bounded shutdown, degraded dependencies, worker start).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a line of output matching `pattern`; returns the line. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  kill(): Promise<void>;
}

export function spawnPortcullis(command: string, env: Record<string, string>, args: string[] = []): Spawned {
  const child = spawn(process.execPath, ['dist/cli/main.js', command, ...args], { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = out.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no output matching ${pattern} within ${timeoutMs} ms (exit ${child.exitCode}); output:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
