// Keeps what the user is typing intact when a notification arrives in the middle of it. The REPL registers
// its readline prompt here; anything printed through printAbovePrompt clears the prompt line first, prints,
// and redraws the prompt with the half-typed text and the cursor where they were. Without a prompt (chat
// --wait, tests, no terminal) it just prints.
import { clearLine, cursorTo, type Interface } from 'node:readline';
import type { Writable } from 'node:stream';

interface ActivePrompt {
  rl: Interface;
  output: Writable;
}

let active: ActivePrompt | null = null;

/** Registers the REPL's prompt (on a terminal); returns the function that unregisters it. */
export function guardPrompt(rl: Interface, output: Writable): () => void {
  const mine: ActivePrompt = { rl, output };
  active = mine;
  return () => {
    if (active === mine) active = null;
  };
}

/** Prints `print()`'s output above the prompt line, then redraws the prompt and what was typed so far. */
export function printAbovePrompt(print: () => void): void {
  const prompt = active;
  if (!prompt) {
    print();
    return;
  }
  clearLine(prompt.output, 0);
  cursorTo(prompt.output, 0);
  print();
  // prompt(true) rewrites the prompt and rl.line, keeping the cursor position.
  prompt.rl.prompt(true);
}
