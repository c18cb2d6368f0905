// A notification arriving while the user types is printed above the prompt, and the half-typed line is
// redrawn after it (a real readline on a fake terminal).
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../../bot/console/console-notifier.js';
import { guardPrompt } from '../../../bot/console/prompt-guard.js';

describe('printAbovePrompt', () => {
  it('keeps what the user is typing when a progress block arrives', async () => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let screen = '';
    output.on('data', (c: Buffer) => (screen += c.toString()));
    const rl = createInterface({ input, output, prompt: 'portcullis> ', terminal: true });
    const unguard = guardPrompt(rl, output);
    try {
      rl.prompt();
      input.write('show SCAN-10');
      await new Promise((r) => setTimeout(r, 20));
      expect(rl.line).toBe('show SCAN-10');
      screen = '';
      const notifier = new ConsoleNotifier({ outputDir: '/tmp', write: (text) => void output.write(text) });
      await notifier.postMessage('console', { title: 'SCAN-1001 run 2: 40 % (discovery)', tone: 'info' });
      // The line is cleared, the block printed, then the prompt and the typed text come back.
      const printedAt = screen.indexOf('SCAN-1001 run 2: 40 %');
      const redrawnAt = screen.lastIndexOf('portcullis> show SCAN-10');
      expect(printedAt).toBeGreaterThanOrEqual(0);
      expect(redrawnAt).toBeGreaterThan(printedAt);
      // clearLine/cursorTo write ESC [ … K / ESC [ … G before the block.
      const before = screen.slice(0, printedAt);
      expect(before.includes('\u001b[2K') || before.includes('\u001b[1G') || before.includes('\u001b[0G')).toBe(true);
      expect(rl.line).toBe('show SCAN-10');
    } finally {
      unguard();
      rl.close();
    }
  });
});
