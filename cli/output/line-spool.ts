// Text kept for later in arrival order: in memory up to SPILL_CHARS, then appended to a temp file, so a
// spool of any length costs bounded memory. Read back as lines (lines()) or, for text appended whole, as
// raw chunks (chunks(): a straight copy); removed with close().
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';

const SPILL_CHARS = 256 << 10;

export class LineSpool {
  count = 0;
  private held: string[] = [];
  private heldChars = 0;
  private dir: string | undefined;
  private file: FileHandle | undefined;

  /** `separator`: what goes between appended pieces ('\n' for lines, '' for text appended whole). */
  constructor(
    private readonly name: string,
    private readonly separator = '\n',
  ) {}

  async append(line: string): Promise<void> {
    this.held.push(line);
    this.heldChars += line.length + this.separator.length;
    this.count += 1;
    if (this.heldChars >= SPILL_CHARS) await this.spill();
  }

  private async spill(): Promise<void> {
    if (!this.file) {
      this.dir = await mkdtemp(join(tmpdir(), 'portcullis-out-'));
      this.file = await open(join(this.dir, `${this.name}.lines`), 'w');
    }
    const text = `${this.held.join(this.separator)}${this.separator}`;
    this.held = [];
    this.heldChars = 0;
    await this.file.write(text);
  }

  /** Every line appended, in order. */
  async *lines(): AsyncGenerator<string> {
    if (this.file && this.dir) {
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

  /** Everything appended, as text chunks in order (with `separator: ''`, exactly the text appended). */
  async *chunks(): AsyncGenerator<string> {
    if (this.file && this.dir) {
      const input = createReadStream(join(this.dir, `${this.name}.lines`), { highWaterMark: 1 << 20 });
      const decoder = new StringDecoder('utf8');
      try {
        for await (const chunk of input as AsyncIterable<Buffer>) yield decoder.write(chunk);
        yield decoder.end();
      } finally {
        input.destroy();
      }
    }
    if (this.held.length > 0) yield `${this.held.join(this.separator)}${this.separator}`;
  }

  async close(): Promise<void> {
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.held = [];
  }
}
