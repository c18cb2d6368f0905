// The process layer against real processes: a stop reaches the whole process group (children included),
// SIGKILL follows SIGINT when a process ignores it, and nothing survives.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../../scanner/process/tool-process.js';
import { watchTimeout } from '../../../scanner/process/timeout-watcher.js';

async function alive(pattern: string): Promise<boolean> {
  const result = await execa('pgrep', ['-f', pattern], { reject: false });
  return result.stdout.trim() !== '';
}

describe('runTool', () => {
  it('streams stdout and stderr line by line, \\r included', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const exit = await runTool({ file: 'sh', args: ['-c', 'printf "a\\nb\\n"; printf "x\\ry\\r" >&2'], onStdoutLine: (l) => out.push(l), onStderrLine: (l) => err.push(l) });
    expect(exit.exitCode).toBe(0);
    expect(out).toEqual(['a', 'b']);
    expect(err).toEqual(['x', 'y']);
  });

  it('kills the whole process group, escalating to SIGKILL when SIGINT is ignored', async () => {
    const marker = `sleep 3${process.pid % 10}.${Date.now() % 100000}`;
    const stop = new AbortController();
    // A parent that ignores SIGINT and a child (`sleep`) in the same group.
    const run = runTool({ file: 'sh', args: ['-c', `trap "" INT; ${marker} & wait`], stop: stop.signal, graceMs: () => 300 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await alive(marker)).toBe(true);
    stop.abort('cancelled');
    const exit = await run;
    expect(exit.stopped).toBe(true);
    expect(await alive(marker)).toBe(false);
  });

  it('reports a missing binary as a spawn error, not a throw', async () => {
    const exit = await runTool({ file: 'pcl-no-such-tool', args: [] });
    expect(exit.spawnError?.code).toBe('ENOENT');
  });
});

describe('watchTimeout', () => {
  it('warns at 90 % and times out at 100 %', async () => {
    const events: Array<[string, number]> = [];
    const start = Date.now();
    watchTimeout({ budgetSeconds: 0.5, onWarning: () => events.push(['warning', Date.now() - start]), onTimeout: () => events.push(['timeout', Date.now() - start]) });
    await new Promise((r) => setTimeout(r, 700));
    expect(events.map((e) => e[0])).toEqual(['warning', 'timeout']);
    expect(events[0]![1]).toBeGreaterThanOrEqual(440);
    expect(events[1]![1]).toBeGreaterThanOrEqual(490);
  });
});
