// renderMessages on oversized replies: every message within Discord's limits (checked against literal
// numbers in discord-api-limits.ts), content kept in order and split into follow-ups. Tables, the
// overflow file and random replies are in message-overflow.test.ts.
import { describe, expect, it } from 'vitest';
import type { Reply, ReplyButton } from '../../../bot/commands/reply.js';
import { renderMessages } from '../../../bot/discord/render/message.js';
import { allProblems, visibleText } from './discord-api-limits.js';

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

it('visibleText helper sees titles, descriptions and fields (so the escape checks look at everything)', () => {
  const text = visibleText(renderMessages({ ...base, text: ['para'], fields: [{ label: 'L', value: 'V' }], severity: 'low' }));
  expect(text.split('\n')).toEqual(['SCAN-7: open ports', 'para', 'L', 'V', 'Highest severity: Low']);
});
