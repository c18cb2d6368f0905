// `portcullis console`: an interactive prompt where a newcomer types `/scan …` (or just `create …`).
// Notifications of runs (progress, completion, alerts) are printed as they arrive, above the line being
// typed (prompt-guard.ts). `exit` while a run started here is still active does not leave it stranded as
// "⏳ Running": the console waits for the run to finish (saying so), and a second `exit` leaves at once,
// the worker's shutdown handing the run back to the queue.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { guardPrompt } from './prompt-guard.js';
import { renderReply } from './render.js';
import type { ConsoleSession } from './session.js';

export interface ReplOptions {
  session: ConsoleSession;
  input: Readable;
  output: Writable;
  prompt?: string;
  /** How often exit checks whether the runs it waits for have ended. */
  exitPollMs?: number;
}

const GREETING = 'Portcullis console — type `/scan help` (or just `help`), `exit` to leave.\n';

type ActiveRuns = Awaited<ReturnType<ConsoleSession['activeRuns']>>;

function waitingText(active: ActiveRuns): string {
  const runs = active.map((r) => `${r.scanId} run ${r.run} (${r.status})`).join(', ');
  return `${runs} ${active.length === 1 ? 'is' : 'are'} still active: waiting for ${active.length === 1 ? 'it' : 'them'} to finish before leaving. Type \`exit\` again to leave now (the run is handed back to the queue and resumes with the next worker), or \`/scan stop ID\` to stop it.\n`;
}

/** Runs until `exit`, `quit` or end of input; resolves with the number of commands that failed. */
export async function runRepl({ session, input, output, prompt = 'portcullis> ', exitPollMs = 1000 }: ReplOptions): Promise<number> {
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input, output, prompt, terminal });
  const unguard = terminal ? guardPrompt(rl, output) : () => undefined;
  output.write(GREETING);
  rl.prompt();
  let failures = 0;
  let leaving = false;
  let poll: NodeJS.Timeout | undefined;
  const lines: string[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  rl.on('line', (line) => {
    lines.push(line);
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    wake?.();
  });
  const nextEvent = () => new Promise<void>((resolve) => {
    wake = resolve;
    if (leaving) poll = setTimeout(resolve, exitPollMs);
  });

  try {
    for (;;) {
      if (lines.length === 0 && !closed) await nextEvent();
      clearTimeout(poll);
      wake = null;
      if (leaving && (await session.activeRuns()).length === 0) {
        output.write('The runs started here have finished. Bye.\n');
        break;
      }
      const line = lines.shift();
      if (line === undefined) {
        if (closed) break;
        continue;
      }
      const text = line.trim();
      if (text === 'exit' || text === 'quit') {
        if (leaving) break;
        const active = await session.activeRuns();
        if (active.length === 0) break;
        leaving = true;
        output.write(waitingText(active));
        rl.prompt();
        continue;
      }
      if (text !== '') {
        const { reply, files } = await session.run(text);
        if (reply.failed) failures++;
        output.write(renderReply(reply, files));
      }
      rl.prompt();
    }
  } finally {
    clearTimeout(poll);
    unguard();
    rl.close();
  }
  return failures;
}
