// Finds the top-level `{…}` objects in text that is only roughly a JSON array, as masscan -oJ writes it:
// trailing commas, `{finish: 1}` records with bare keys, a missing `[` or `]` when masscan was stopped.
// Brace depth is tracked outside strings; anything else between objects is counted as junk.

export const MAX_OBJECT_CHARS = 32 << 20;

export class JsonObjectScanner {
  junk = 0;
  oversized = 0;
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private junkRun = false;

  /** Feeds text; returns the complete objects it closed, as text. */
  push(text: string): string[] {
    const objects: string[] = [];
    const input = this.buffer + text;
    let start = this.depth > 0 ? 0 : -1;
    for (let i = this.depth > 0 ? this.buffer.length : 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34 && this.depth > 0) this.inString = true;
      else if (c === 123) {
        if (this.depth === 0) start = i;
        this.depth += 1;
        this.junkRun = false;
      } else if (c === 125 && this.depth > 0) {
        this.depth -= 1;
        if (this.depth === 0) objects.push(input.slice(start, i + 1));
      } else if (this.depth === 0) this.noteBetween(c);
    }
    this.buffer = this.depth > 0 ? input.slice(start) : '';
    if (this.buffer.length > MAX_OBJECT_CHARS) this.dropOversized();
    return objects;
  }

  /** Text left inside an object that never closed (the file was cut short). */
  unfinished(): boolean {
    return this.depth > 0;
  }

  private noteBetween(c: number): void {
    const ignorable = c === 91 || c === 93 || c === 44 || c === 32 || c === 10 || c === 13 || c === 9;
    if (ignorable) {
      if (c === 10) this.junkRun = false;
      return;
    }
    if (!this.junkRun) this.junk += 1;
    this.junkRun = true;
  }

  private dropOversized(): void {
    this.oversized += 1;
    this.buffer = '';
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }
}
