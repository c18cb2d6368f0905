// Lines kept for later in arrival order: in memory up to SPILL_CHARS, then appended to a temp file, so a
// spool of any length costs bounded memory. Read back once or more with lines(); removed with close().
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SPILL_CHARS = 1 << 20;

export class LineSpool {
  count = 0;
  private held: string[] = [];
  private heldChars = 0;
  private dir: string | undefined;
  private file: FileHandle | undefined;

  constructor(private readonly name: string) {}

  async append(line: string): Promise<void> {
    this.held.push(line);
    this.heldChars += line.length + 1;
    this.count += 1;
    if (this.heldChars >= SPILL_CHARS) await this.spill();
  }

  private async spill(): Promise<void> {
    if (!this.file) {
      this.dir = await mkdtemp(join(tmpdir(), 'portcullis-out-'));
      this.file = await open(join(this.dir, `${this.name}.lines`), 'w');
    }
    const text = `${this.held.join('\n')}\n`;
    this.held = [];
    this.heldChars = 0;
    await this.file.write(text);
  }

  /** Every line appended, in order. */
  async *lines(): AsyncGenerator<string> {
    if (this.file && this.dir) {
      await this.file.sync().catch(() => undefined);
      const input = createReadStream(join(this.dir, `${this.name}.lines`), { highWaterMark: 1 << 20 });
      const reader = createInterface({ input, crlfDelay: Infinity });
      try {
        for await (const line of reader) yield line;
      } finally {
        reader.close();
        input.destroy();
        if (!input.closed) await once(input, 'close').catch(() => undefined);
      }
    }
    yield* this.held;
  }

  async close(): Promise<void> {
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.held = [];
  }
}
