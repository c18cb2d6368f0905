// `portcullis console`: an interactive prompt where a newcomer types `/scan …` (or just `create …`).
// Notifications of runs (progress, completion, alerts) are printed as they arrive.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { renderReply } from './render.js';
import type { ConsoleSession } from './session.js';

export interface ReplOptions {
  session: ConsoleSession;
  input: Readable;
  output: Writable;
  prompt?: string;
}

const GREETING = 'Portcullis console — type `/scan help` (or just `help`), `exit` to leave.\n';

/** Runs until `exit`, `quit` or end of input; resolves with the number of commands that failed. */
export async function runRepl({ session, input, output, prompt = 'portcullis> ' }: ReplOptions): Promise<number> {
  const rl = createInterface({ input, output, prompt, terminal: (output as { isTTY?: boolean }).isTTY === true });
  output.write(GREETING);
  rl.prompt();
  let failures = 0;
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text !== '') {
      const { reply, files } = await session.run(text);
      if (reply.failed) failures++;
      output.write(renderReply(reply, files));
    }
    rl.prompt();
  }
  rl.close();
  return failures;
}
