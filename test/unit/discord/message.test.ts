// renderMessages on oversized replies: every message within Discord's limits (checked against literal
// numbers in discord-api-limits.ts), content kept in order, split into follow-ups, and beyond four
// messages the full text in a `.txt` attachment with a note saying so.
import { describe, expect, it } from 'vitest';
import type { Reply, ReplyButton } from '../../../bot/commands/reply.js';
import { renderMessages, replyAsText } from '../../../bot/discord/render/message.js';
import { allProblems, embedChars, visibleText } from './discord-api-limits.js';

const base: Reply = { title: 'SCAN-7: open ports', tone: 'info' };

describe('renderMessages: one small reply', () => {
  it('is one message with one embed titled and coloured, no content, buttons and parse: []', () => {
    const buttons: ReplyButton[] = [{ action: 'scan.logs', label: 'Logs', value: 'SCAN-7' }];
    const messages = renderMessages({ ...base, text: ['hello'], fields: [{ label: 'Ports', value: '22, 80', inline: true }], buttons });
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m!.content).toBe('');
    expect(m!.allowed_mentions).toEqual({ parse: [] });
    expect(m!.embeds).toEqual([{ title: 'SCAN-7: open ports', color: 0x5865f2, description: 'hello', fields: [{ name: 'Ports', value: '22, 80', inline: true }] }]);
    expect(m!.components).toHaveLength(1);
    expect(m!.ephemeral).toBe(false);
  });

  it('an ephemeral reply makes every message ephemeral', () => {
    const messages = renderMessages({ ...base, ephemeral: true, text: ['x '.repeat(9000)] });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => m.ephemeral)).toBe(true);
  });
});

describe('renderMessages: many fields', () => {
  it('300 fields: ≤ 25 per embed, ≤ 10 embeds per message, all 300 kept in order', () => {
    const fields = Array.from({ length: 300 }, (_, i) => ({ label: `port ${i}`, value: `open ${i}` }));
    const messages = renderMessages({ ...base, fields });
    expect(allProblems(messages)).toEqual([]);
    const names = messages.flatMap((m) => m.embeds).flatMap((e) => e.fields ?? []).map((f) => f.name);
    expect(names).toEqual(fields.map((f) => f.label));
    expect(messages.flatMap((m) => m.embeds).map((e) => e.fields?.length)).toEqual([25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25]);
    expect(messages.map((m) => m.embeds.length)).toEqual([10, 2]);
    expect(messages[1]!.components).toEqual([]); // buttons only on the first (edited) message
  });

  it('a value of exactly 1024 stays a field; 1025 moves to the description under its bold label', () => {
    const messages = renderMessages({ ...base, fields: [{ label: 'fits', value: 'a'.repeat(1024) }, { label: 'too long', value: 'b'.repeat(1025) }] });
    const [embed] = messages[0]!.embeds;
    expect(embed!.fields).toEqual([{ name: 'fits', value: 'a'.repeat(1024), inline: false }]);
    expect(embed!.description).toBe(`**too long**\n${'b'.repeat(1025)}`);
  });

  it('huge field names are clipped to 256, empty ones become a zero-width space', () => {
    const messages = renderMessages({ ...base, fields: [{ label: 'n'.repeat(1000), value: '' }, { label: '', value: 'v' }] });
    const fields = messages[0]!.embeds[0]!.fields!;
    expect(fields[0]!.name).toHaveLength(256);
    expect(fields[0]!.name.endsWith('…')).toBe(true);
    expect(fields[0]!.value).toBe('\u200B');
    expect(fields[1]!.name).toBe('\u200B');
    expect(allProblems(messages)).toEqual([]);
  });

  it('fields of 1000 characters each: ≤ 6000 per message; past four messages the rest is in the file', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ label: `f${i}`, value: `${i}:`.padEnd(1000, 'x') }));
    const messages = renderMessages({ ...base, fields });
    expect(allProblems(messages)).toEqual([]);
    expect(messages).toHaveLength(4);
    const shown = messages.flatMap((m) => m.embeds).flatMap((e) => e.fields ?? []).map((f) => f.name);
    expect(shown).toEqual(fields.slice(0, shown.length).map((f) => f.label));
    expect(shown.length).toBeGreaterThanOrEqual(15);
    const file = messages.flatMap((m) => m.files)[0]!;
    expect(file.name).toBe('scan-7-open-ports-full.txt');
    expect(file.data.toString()).toContain(`f39: 39:${'x'.repeat(997)}`);
  });
});

describe('renderMessages: long text', () => {
  it('a 10,000-character paragraph is split at spaces into descriptions ≤ 4096, nothing lost or reordered', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${String(i).padStart(4, '0')}`);
    const messages = renderMessages({ ...base, text: [words.join(' ')] });
    expect(allProblems(messages)).toEqual([]);
    const descriptions = messages.flatMap((m) => m.embeds).map((e) => e.description ?? '');
    expect(descriptions.length).toBeGreaterThanOrEqual(3);
    expect(descriptions.join(' ').split(/\s+/).filter(Boolean)).toEqual(words);
  });

  it('a title of 300 characters is clipped to 256 with an ellipsis', () => {
    const title = messages1(`${'T'.repeat(300)}`).embeds[0]!.title!;
    expect(title).toHaveLength(256);
    expect(title.endsWith('…')).toBe(true);
  });
});

function messages1(title: string) {
  return renderMessages({ title, tone: 'info' })[0]!;
}

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

describe('renderMessages: buttons and severity on split replies', () => {
  it('30 buttons: 5 rows of 5 on the first message only', () => {
    const buttons: ReplyButton[] = Array.from({ length: 30 }, (_, i) => ({ action: 'scan.show', label: `Show ${i}`, value: `SCAN-${i}` }));
    const messages = renderMessages({ ...base, buttons, text: ['y '.repeat(8000)] });
    expect(allProblems(messages)).toEqual([]);
    expect(messages[0]!.components.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(messages.slice(1).every((m) => m.components.length === 0)).toBe(true);
  });

  it('the severity footer is on the last embed of the reply, within 2048', () => {
    const messages = renderMessages({ ...base, severity: 'high', fields: Array.from({ length: 60 }, (_, i) => ({ label: `${i}`, value: 'v' })) });
    const embeds = messages.flatMap((m) => m.embeds);
    expect(embeds.map((e) => e.footer?.text)).toEqual([undefined, undefined, 'Highest severity: High']);
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

it('visibleText helper sees titles, descriptions and fields (so the escape checks look at everything)', () => {
  const text = visibleText(renderMessages({ ...base, text: ['para'], fields: [{ label: 'L', value: 'V' }], severity: 'low' }));
  expect(text.split('\n')).toEqual(['SCAN-7: open ports', 'para', 'L', 'V', 'Highest severity: Low']);
});
