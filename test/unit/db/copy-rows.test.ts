// COPY text encoding: what reaches PostgreSQL must round-trip hostile scanner text exactly (minus NUL).
import { describe, expect, it } from 'vitest';
import { copyChunks, copyLine, copyText } from '../../../db/copy-rows.js';

describe('copyText', () => {
  it('writes NULL as \\N and numbers as they are', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText(443)).toBe('443');
  });

  it('escapes backslash, tab, newline and CR and drops NUL', () => {
    expect(copyText('a\\b\tc\nd\re\u0000f')).toBe('a\\\\b\\tc\\nd\\re' + 'f');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText('plain text')).toBe('plain text');
  });

  it('joins values with tabs and ends lines with a newline', () => {
    expect(copyLine([1, 'x\ty', null])).toBe('1\tx\\ty\t\\N\n');
  });
});

describe('copyChunks', () => {
  it('splits long input into chunks of about 64 KiB without splitting lines', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `row ${i} ${'x'.repeat(40)}`);
    const chunks = [...copyChunks(rows, (r) => copyLine([r]))];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.join('').split('\n').slice(0, -1)).toEqual(rows);
  });
});
