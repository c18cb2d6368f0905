// renderMessages past four messages: huge tables, the full text in a `.txt` attachment with a note that
// always fits, and 400 seeded random replies of which no message may break a Discord limit.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../bot/commands/reply.js';
import { renderMessages, replyAsText } from '../../../bot/discord/render/message.js';
import { allProblems, embedChars } from './discord-api-limits.js';

const base: Reply = { title: 'SCAN-7: open ports', tone: 'info' };

describe('renderMessages: huge tables and the overflow file', () => {
  const rows = Array.from({ length: 3000 }, (_, i) => [`198.18.${Math.floor(i / 250)}.${i % 250}`, String(1000 + i), 'open', `banner number ${i}`]);
  const reply: Reply = { ...base, title: 'SCAN-9: Ports / 3000!', table: { columns: ['ip', 'port', 'state', 'banner'], rows } };
  const messages = renderMessages(reply);

  it('stays within every limit and at most four messages', () => {
    expect(allProblems(messages)).toEqual([]);
    expect(messages).toHaveLength(4);
  });

  it('every table block repeats the header and is one closed code block', () => {
    for (const embed of messages.flatMap((m) => m.embeds)) {
      if (!embed.description?.startsWith('```')) continue;
      expect(embed.description.split('\n')[1]).toMatch(/^ip\s+port\s+state\s+banner$/);
      expect(embed.description.endsWith('\n```')).toBe(true);
    }
  });

  it('the last embed says where the rest is, and that .txt file holds every row', () => {
    const last = messages[messages.length - 1]!;
    expect(last.embeds[last.embeds.length - 1]!.description).toMatch(/full text is in the attached file scan-9-ports-3000-full\.txt/);
    const files = messages.flatMap((m) => m.files);
    expect(files.map((f) => [f.name, f.mime])).toEqual([['scan-9-ports-3000-full.txt', 'text/plain']]);
    const text = files[0]!.data.toString('utf8');
    expect(text).toBe(replyAsText(reply));
    for (const row of [rows[0]!, rows[1500]!, rows[2999]!]) expect(text).toContain(row.join('\t'));
  });

  it('a table too wide for one description is clipped per line, not sent over 4096', () => {
    const columns = Array.from({ length: 90 }, (_, i) => `column${i}`);
    const wide = renderMessages({ ...base, table: { columns, rows: [columns.map(() => 'x'.repeat(70)), columns.map(() => 'y')] } });
    expect(allProblems(wide)).toEqual([]);
    const descriptions = wide.flatMap((m) => m.embeds).map((e) => e.description!);
    expect(descriptions).toHaveLength(2); // header + one row per block at most
    for (const d of descriptions) expect(d).toMatch(/^```\ncolumn0 +column1 +column2 .*…\n/);
    expect(descriptions[0]).toMatch(/\nx{59}… +x{59}…/);
    expect(descriptions[1]).toMatch(/\ny +y +y/);
  });

  it('a table of 200,000 rows renders (no argument-spread overflow), four messages and the file', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => [String(i), 'open']);
    const out = renderMessages({ ...base, table: { columns: ['port', 'state'], rows: many } });
    expect(allProblems(out)).toEqual([]);
    expect(out.flatMap((m) => m.files).map((f) => f.name)).toEqual(['scan-7-open-ports-full.txt']);
  });
});

describe('renderMessages: the overflow file sits with its note', () => {
  const rows = Array.from({ length: 3000 }, (_, i) => [String(i), 'open']);
  const chart = { name: 'chart.png', mime: 'image/png', data: Buffer.alloc(1000, 1) };

  it('the reply\'s own file stays on the first message; the .txt goes on the message carrying the note', () => {
    const messages = renderMessages({ ...base, table: { columns: ['port', 'state'], rows }, files: [chart] });
    expect(allProblems(messages)).toEqual([]);
    expect(messages.map((m) => m.files.map((f) => f.name))).toEqual([['chart.png'], [], [], ['scan-7-open-ports-full.txt']]);
    expect(JSON.stringify(messages[3]!.embeds)).toContain('scan-7-open-ports-full.txt');
  });

  it('ten own files: the note\'s message still gets its .txt, and no message carries more than ten', () => {
    const files = Array.from({ length: 40 }, (_, i) => ({ ...chart, name: `c${i}.png` }));
    const messages = renderMessages({ ...base, table: { columns: ['port', 'state'], rows }, files });
    expect(allProblems(messages)).toEqual([]);
    const noteAt = messages.findIndex((m) => JSON.stringify(m.embeds).includes('Too long for Discord'));
    expect(messages[noteAt]!.files.map((f) => f.name)).toContain('scan-7-open-ports-full.txt');
    expect(messages.flatMap((m) => m.files)).toHaveLength(41);
  });
});

describe('renderMessages: the overflow note always fits', () => {
  it('a fourth message of [5597, 341, 62] characters makes room for the note even when one pop is not enough', () => {
    // Fields shaped so each message holds a near-full embed, a mid one and a small one (5597 + 341 + 62 = 6000):
    // popping only the small one would leave 5938 + the note's 71 = 6009 > 6000.
    const fields = [];
    for (let cycle = 0; cycle < 6; cycle++) {
      for (let i = 0; i < 5; i++) fields.push({ label: 'a'.repeat(77), value: 'v'.repeat(1023) });
      for (let i = 0; i < 20; i++) fields.push({ label: 'b', value: 'wwww' });
      for (let i = 0; i < 25; i++) fields.push({ label: 'c', value: 'x'.repeat(13) });
      for (let i = 0; i < 25; i++) fields.push({ label: 'd', value: 'y' });
    }
    const messages = renderMessages({ title: 'T', tone: 'info', fields });
    expect(messages.slice(0, 3).map((m) => m.embeds.reduce((s, e) => s + embedChars(e), 0))).toEqual([5999, 6000, 6000]);
    expect(allProblems(messages)).toEqual([]);
    const lastEmbeds = messages[3]!.embeds;
    expect(lastEmbeds[lastEmbeds.length - 1]!.description).toMatch(/^Too long for Discord: the full text is in the attached file t-full\.txt\.$/);
    expect(messages.flatMap((m) => m.files).map((f) => f.name)).toEqual(['t-full.txt']);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('renderMessages: 400 random replies', () => {
  it('never produce a message Discord would refuse, and never more than four plus file messages', () => {
    const rnd = random(20240601);
    const int = (max: number) => Math.floor(rnd() * max);
    const alphabet = ['a', ' ', '\n', '*', '_', '`', '```', '@everyone', '<@1>', '\\', 'é', '😀', '[x](http://e)', '|', '#', '>'];
    const text = (max: number) => Array.from({ length: int(max) }, () => alphabet[int(alphabet.length)]).join('');
    for (let n = 0; n < 400; n++) {
      const reply: Reply = {
        title: `T${text(int(2) ? 20 : 400)}`, // a Reply always has a title
        tone: 'info',
        text: Array.from({ length: int(4) }, () => text([10, 500, 5000][int(3)]!)),
        fields: Array.from({ length: [0, 3, 30, 120][int(4)]! }, () => ({ label: text(int(2) ? 10 : 300), value: text([5, 300, 1200][int(3)]!) })),
        ...(int(2) ? { table: { columns: ['a', 'b', 'c'], rows: Array.from({ length: [1, 50, 900][int(3)]! }, () => [text(10), text(40), text(80)]) } } : {}),
        buttons: Array.from({ length: int(30) }, (_, i) => ({ action: 'scan.show' as const, label: text(120) || 'x', value: `SCAN-${i}` })),
        ...(int(2) ? { severity: 'critical' as const } : {}),
      };
      const messages = renderMessages(reply);
      const problems = allProblems(messages);
      if (problems.length > 0) throw new Error(`reply ${n}: ${problems.join('; ')}`);
      expect(messages.filter((m) => m.embeds.length > 0).length).toBeLessThanOrEqual(4);
      expect(messages.flatMap((m) => m.embeds).reduce((s, e) => s + embedChars(e), 0)).toBeGreaterThan(0);
    }
  });
});

