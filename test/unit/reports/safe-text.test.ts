import { describe, it, expect } from 'vitest';
import { capText, cleanText, oneLine } from '../../../core/reports/safe-text.js';

describe('safe text', () => {
  it('removes control, bidi-override and zero-width characters but keeps tabs and newlines', () => {
    expect(cleanText('a\u0000b\u0007c\u202Ed\u200Be\uFEFFf\tg\r\nh')).toBe('abcdef\tg\nh');
  });

  it('caps with an ellipsis without splitting emoji', () => {
    expect(capText('abcdef', 4)).toBe('abc…');
    expect(capText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(capText('short', 10)).toBe('short');
  });

  it('handles megabytes of junk quickly and still marks the cut', () => {
    const huge = '\u0000'.repeat(3_000_000) + 'tail';
    const out = cleanText(huge, 500);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(500);
  });

  it('makes one line of multi-line text and treats null as empty', () => {
    expect(oneLine('  a\n\n b\t c  ')).toBe('a b c');
    expect(oneLine(null)).toBe('');
    expect(oneLine('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
