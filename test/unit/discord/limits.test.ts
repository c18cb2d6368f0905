// clip / splitText / splitMarkdown: the small cutting tools every limit depends on.
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, clip, splitMarkdown, splitText } from '../../../bot/discord/render/limits.js';

describe('DISCORD_LIMITS', () => {
  it('are Discord\'s documented numbers', () => {
    expect(DISCORD_LIMITS).toEqual({
      content: 2000, embedsPerMessage: 10, embedCharsPerMessage: 6000, embedTitle: 256, embedDescription: 4096, fieldsPerEmbed: 25,
      fieldName: 256, fieldValue: 1024, footerText: 2048, actionRowsPerMessage: 5, buttonsPerRow: 5, buttonLabel: 80, customId: 100,
      attachmentsPerMessage: 10, attachmentBytes: 10 * 1024 * 1024,
    });
  });
});

describe('clip', () => {
  it('leaves short text alone and cuts long text to exactly max with an ellipsis', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcdef', 4)).toBe('abc…');
  });

  it('never cuts a surrogate pair in half', () => {
    const out = clip('ab😀cd', 4);
    expect(out).toBe('ab…');
    expect(out.length).toBeLessThanOrEqual(4);
  });

  it('drops trailing backslashes so the ellipsis is not escaped', () => {
    expect(clip('ab\\\\cdef', 5)).toBe('ab…');
  });
});

describe('splitText', () => {
  it('pieces ≤ max, preferring line breaks, and nothing lost', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`).join('\n');
    const pieces = splitText(text, 500);
    expect(pieces.every((p) => p.length <= 500)).toBe(true);
    expect(pieces.join('\n')).toBe(text);
  });

  it('hard cuts without spaces, but not inside a surrogate pair or after a backslash', () => {
    const emoji = splitText('😀'.repeat(10), 5);
    expect(emoji.every((p) => !/[\uD800-\uDBFF]$/.test(p) && p.length <= 5)).toBe(true);
    expect(emoji.join('')).toBe('😀'.repeat(10));
    const escaped = splitText('\\*'.repeat(20), 9);
    expect(escaped.every((p) => p.length <= 9 && !p.endsWith('\\') && !p.startsWith('*'))).toBe(true);
    expect(escaped.join('')).toBe('\\*'.repeat(20));
  });

  it('empty text is one empty piece', () => {
    expect(splitText('', 10)).toEqual(['']);
  });
});

describe('splitMarkdown', () => {
  it('closes a code block at the end of a piece and reopens it in the next', () => {
    const text = '```\n' + Array.from({ length: 50 }, (_, i) => `row ${i} [x](http://e)`).join('\n') + '\n```\nafter';
    const pieces = splitMarkdown(text, 200);
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(200);
      expect((p.split('```').length - 1) % 2).toBe(0);
    }
    expect(pieces[0]!.startsWith('```\nrow 0')).toBe(true);
    expect(pieces[1]!.startsWith('```\n')).toBe(true);
    expect(pieces[pieces.length - 1]!.endsWith('after')).toBe(true);
  });

  it('text that fits is returned as it is', () => {
    expect(splitMarkdown('```\nx\n```', 100)).toEqual(['```\nx\n```']);
  });
});
