// Text kept for later in arrival order: in memory up to SPILL_CHARS, then appended to a temp file, so a
// spool of any length costs bounded memory. Read back as lines (lines()) or, for text appended whole, as
// raw chunks (chunks(): a straight copy); removed with close().
import { once } from 'node:events';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SPILL_CHARS = 256 << 10;

/** A spool given to another thread: its file (when it spilled), the text still in memory, the count. */
export interface HandedOverSpool {
  file?: string;
  rest: string;
  count: number;
}

/** The text of a handed-over spool as UTF-8 bytes, in chunks in order (copied out without decoding). */
export async function* handedOverBytes(spool: HandedOverSpool): AsyncGenerator<Buffer> {
  if (spool.file) {
    const input = createReadStream(spool.file, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) yield chunk;
    } finally {
      input.destroy();
    }
  }
  if (spool.rest.length > 0) yield Buffer.from(spool.rest, 'utf8');
}

export class LineSpool {
  count = 0;
  private held: string[] = [];
  private heldChars = 0;
  private dir: string | undefined;
  private file: FileHandle | undefined;
  /** In a caller-owned directory (a part thread of `parse`): written synchronously, see spill(). */
  private fd: number | undefined;

  /**
   * `separator`: what goes between appended pieces ('\n' for lines, '' for text appended whole).
   * `ownDir`: a directory the caller owns (and removes) to spill into, instead of a temp directory of its own.
   */
  constructor(
    private readonly name: string,
    private readonly separator = '\n',
    private readonly ownDir?: string,
    /** Text held in memory before it is appended to the file. */
    private readonly spillChars = SPILL_CHARS,
  ) {}

  async append(line: string): Promise<void> {
    this.held.push(line);
    this.heldChars += line.length + this.separator.length;
    this.count += 1;
    if (this.heldChars >= this.spillChars) await this.spill();
  }

  private async spill(): Promise<void> {
    if (this.ownDir) return this.spillNow(this.ownDir);
    if (!this.file) {
      this.dir = this.ownDir ?? (await mkdtemp(join(tmpdir(), 'portcullis-out-')));
      this.file = await open(join(this.dir, `${this.name}.lines`), 'w');
    }
    const text = `${this.held.join(this.separator)}${this.separator}`;
    this.held = [];
    this.heldChars = 0;
    await this.file.write(text);
  }

  /**
   * A thread that only renders into its spools (parse in parts) has nothing else to do while a piece is
   * written: a synchronous write of a small piece costs less than a round trip through the I/O pool each.
   */
  private spillNow(dir: string): void {
    if (this.fd === undefined) {
      this.dir = dir;
      this.fd = openSync(join(dir, `${this.name}.lines`), 'w');
    }
    const text = `${this.held.join(this.separator)}${this.separator}`;
    this.held = [];
    this.heldChars = 0;
    writeSync(this.fd, text);
  }

  private get spilled(): boolean {
    return (this.file !== undefined || this.fd !== undefined) && this.dir !== undefined;
  }

  /** Every line appended, in order. */
  async *lines(): AsyncGenerator<string> {
    if (this.spilled && this.dir) {
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

  /** Everything appended as UTF-8 bytes, in chunks in order (with `separator: ''`, exactly the text appended). */
  bytes(): AsyncGenerator<Buffer> {
    return handedOverBytes({ ...(this.spilled && this.dir ? { file: join(this.dir, `${this.name}.lines`) } : {}), rest: this.heldText(), count: this.count });
  }

  private heldText(): string {
    return this.held.length > 0 ? `${this.held.join(this.separator)}${this.separator}` : '';
  }

  /** Ends the spool for a reader on another thread; its file stays (in `ownDir`, which the caller removes). */
  async handOver(): Promise<HandedOverSpool> {
    await this.file?.close();
    this.file = undefined;
    this.closeFd();
    const rest = this.heldText();
    this.held = [];
    return { ...(this.dir ? { file: join(this.dir, `${this.name}.lines`) } : {}), rest, count: this.count };
  }

  private closeFd(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  async close(): Promise<void> {
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
    this.closeFd();
    if (this.dir && this.dir !== this.ownDir) await rm(this.dir, { recursive: true, force: true });
    else if (this.dir) await rm(join(this.dir, `${this.name}.lines`), { force: true });
    this.dir = undefined;
    this.held = [];
  }
}
