// Runs `portcullis chat` in-process (the real sub-command module) with captured stdout, so tests check
// exactly what a user or a script sees: the JSON of DESIGN §8 and the exit code.
import { vi } from 'vitest';
import { run } from '../../../cli/commands/chat.js';

export interface ChatOutcome {
  code: number;
  stdout: string;
  /** Parsed stdout when --json was given. */
  json: Record<string, unknown> & { data: unknown; failed: boolean; files: Array<{ name: string; path: string; mime: string }>; text: string[]; title: string };
}

export async function chat(...args: string[]): Promise<ChatOutcome> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  let code: number;
  try {
    code = await run(args);
  } finally {
    spy.mockRestore();
  }
  return { code, stdout, json: args.includes('--json') && stdout.trim() ? JSON.parse(stdout) : ({} as ChatOutcome['json']) };
}
