// Where a big nmap file is cut for parsing in parts: right after the first `</host>` at or after the
// offset, also when the tag straddles the 1 MiB reads; nowhere (-1) when none follows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nmapPartBoundary } from '../../../scanner/parsers/nmap-part-boundary.js';

const dir = mkdtempSync(join(tmpdir(), 'pcl-boundary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('nmapPartBoundary', () => {
  it('is just past the first </host> at or after the offset', async () => {
    const text = '<nmaprun><host>a</host>\n<host>b</host>\n</nmaprun>';
    const path = file('small.xml', text);
    expect(await nmapPartBoundary(path, 0)).toBe(text.indexOf('</host>') + 7);
    expect(await nmapPartBoundary(path, text.indexOf('</host>') + 1)).toBe(text.lastIndexOf('</host>') + 7);
  });

  it('finds a </host> split across two reads', async () => {
    const before = 'x'.repeat((1 << 20) - 3);
    const path = file('straddle.xml', `${before}</host>tail`);
    expect(await nmapPartBoundary(path, 0)).toBe(before.length + 7);
    expect(await nmapPartBoundary(path, 10)).toBe(before.length + 7);
  });

  it('is -1 when no </host> follows', async () => {
    const path = file('none.xml', '<nmaprun><host>a</host>\n</nmaprun>');
    expect(await nmapPartBoundary(path, 20)).toBe(-1);
  });
});
