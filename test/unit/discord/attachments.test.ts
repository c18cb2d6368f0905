// Files over Discord's 10 MiB: text is split into numbered parts that join back to the original (at line
// breaks, never inside a UTF-8 character); PDFs and PNGs are refused with a message that says what to do.
import { describe, expect, it } from 'vitest';
import type { ReplyFile } from '../../../bot/commands/reply.js';
import { prepareFiles } from '../../../bot/discord/render/attachments.js';
import { renderMessages } from '../../../bot/discord/render/message.js';
import { allProblems, visibleText } from './discord-api-limits.js';

const MiB = 1024 * 1024;

function logOf(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `2024-06-01T00:00:00Z INFO 198.18.1.2:${i % 65536} open banner ${i}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

describe('prepareFiles', () => {
  it('keeps a file of exactly 10 MiB as it is, without a note', () => {
    const file: ReplyFile = { name: 'scan.log', mime: 'text/plain', data: Buffer.alloc(10 * MiB, 0x61) };
    expect(prepareFiles([file])).toEqual({ files: [file], notes: [] });
  });

  it('splits an 11 MiB log into 2 parts ≤ 10 MiB, cut after a newline, that join back to the original', () => {
    const data = logOf(11 * MiB);
    const { files, notes } = prepareFiles([{ name: 'SCAN-1-run-2.log', mime: 'text/plain', data, title: 'log' }]);
    expect(files.map((f) => f.name)).toEqual(['SCAN-1-run-2.part1of2.log', 'SCAN-1-run-2.part2of2.log']);
    for (const f of files) expect(f.data.length).toBeLessThanOrEqual(10 * MiB);
    expect(files[0]!.data[files[0]!.data.length - 1]).toBe(0x0a);
    expect(Buffer.concat(files.map((f) => f.data)).equals(data)).toBe(true);
    expect(files.every((f) => f.mime === 'text/plain' && f.title === 'log')).toBe(true);
    expect(notes).toEqual(['SCAN-1-run-2.log (11.0 MiB) is over Discord\'s 10.0 MiB limit, so it comes in 2 parts.']);
  });

  it('splits JSON and CSV too, and a name without an extension gets the part suffix at the end', () => {
    const { files } = prepareFiles([
      { name: 'findings.json', mime: 'application/json', data: Buffer.alloc(25, 0x61) },
      { name: 'findings', mime: 'text/csv', data: Buffer.alloc(25, 0x61) },
    ], 10);
    expect(files.map((f) => f.name)).toEqual(['findings.part1of3.json', 'findings.part2of3.json', 'findings.part3of3.json', 'findings.part1of3', 'findings.part2of3', 'findings.part3of3']);
  });

  it('text without newlines is cut between UTF-8 characters: every part decodes on its own', () => {
    const data = Buffer.from('é😀a'.repeat(50));
    const { files } = prepareFiles([{ name: 'banner.txt', mime: 'text/plain', data }], 16);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      expect(f.data.length).toBeLessThanOrEqual(16);
      expect(Buffer.from(f.data.toString('utf8')).equals(f.data)).toBe(true); // no U+FFFD from a cut character
    }
    expect(Buffer.concat(files.map((f) => f.data)).equals(data)).toBe(true);
  });

  it.each([['report.pdf', 'application/pdf'], ['chart.png', 'image/png']])('refuses %s over 10 MiB with a clear note, attaching nothing', (name, mime) => {
    const { files, notes } = prepareFiles([{ name, mime, data: Buffer.alloc(10 * MiB + 1) }]);
    expect(files).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toBe(`${name} (10.0 MiB) is over Discord's 10.0 MiB attachment limit and was not attached. Ask for a text format (format=md or csv) or use \`portcullis chat\`, which writes files to disk.`);
  });
});

describe('renderMessages with files', () => {
  it('an 11 MiB log and a 12 MiB PDF: two messages of one part each, the PDF named in the text', () => {
    const messages = renderMessages({
      title: 'SCAN-1: technical report',
      tone: 'success',
      files: [
        { name: 'scan.log', mime: 'text/plain', data: logOf(11 * MiB) },
        { name: 'report_final.pdf', mime: 'application/pdf', data: Buffer.alloc(12 * MiB) },
      ],
    });
    expect(allProblems(messages)).toEqual([]);
    expect(messages.map((m) => m.files.map((f) => f.name))).toEqual([['scan.part1of2.log'], ['scan.part2of2.log']]);
    const text = visibleText(messages);
    expect(text).toContain('report\\_final.pdf (12.0 MiB) is over Discord');
    expect(text).toContain('was not attached');
    expect(text).toContain('`portcullis chat`');
    expect(text).toContain('scan.log (11.0 MiB) is over Discord');
  });

  it('12 small files: 10 on the first message, 2 on a second one', () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ name: `chart-${i}.png`, mime: 'image/png', data: Buffer.alloc(1000) }));
    const messages = renderMessages({ title: 'charts', tone: 'info', files });
    expect(allProblems(messages)).toEqual([]);
    expect(messages.map((m) => m.files.length)).toEqual([10, 2]);
    expect(messages[1]!.embeds).toEqual([]); // a file-only follow-up, not an empty embed
  });

  it('three 4 MiB files: no message carries more than 10 MiB together', () => {
    const files = Array.from({ length: 3 }, (_, i) => ({ name: `part-${i}.csv`, mime: 'text/csv', data: Buffer.alloc(4 * MiB) }));
    const messages = renderMessages({ title: 'csv', tone: 'info', files });
    expect(messages.map((m) => m.files.reduce((s, f) => s + f.data.length, 0))).toEqual([8 * MiB, 4 * MiB]);
  });
});
