import { describe, it, expect } from 'vitest';
import type { Reply } from '../../../bot/commands/reply.js';
import { renderReply } from '../../../bot/slack/render/blocks.js';
import { escapeMrkdwn, clip } from '../../../bot/slack/render/escape.js';
import { splitText } from '../../../bot/slack/render/limits.js';
import { blockKitProblems } from '../../fakes/slack/block-kit-limits.js';

const hostileBanner = `<!channel> @everyone <@U0BADBAD> <http://evil.example|click> & ${'A'.repeat(10_000)}`;

function allText(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe('escapeMrkdwn', () => {
  it('escapes control characters so Slack shows them literally', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
  it('breaks literal broadcast words', () => {
    const out = escapeMrkdwn('hi @everyone @here @Channel');
    expect(out).not.toMatch(/@(everyone|here|channel)/i);
    expect(out.replace(/\u200B/g, '')).toBe('hi @everyone @here @Channel');
  });
  it('never cuts an entity in half', () => {
    const out = clip(escapeMrkdwn('a'.repeat(8) + '<'), 11);
    expect(out).toBe(`${'a'.repeat(8)}…`);
  });
});

describe('splitText', () => {
  it('splits long text into chunks within the limit and keeps all content', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const chunks = splitText(text, 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
    expect(chunks.join('\n')).toBe(text);
  });
});

describe('renderReply', () => {
  it('renders a hostile banner escaped and within Block Kit limits', () => {
    const reply: Reply = {
      title: 'SCAN-1001 <!here> done',
      tone: 'success',
      text: [`Banner: ${hostileBanner}`],
      fields: [{ label: 'Banner', value: hostileBanner }],
      table: { columns: ['ip', 'port', 'banner'], rows: [['198.18.1.2', '80', hostileBanner]] },
    };
    const message = renderReply(reply);
    expect(blockKitProblems(message.blocks)).toEqual([]);
    const serialised = allText(message.blocks) + message.text;
    expect(serialised).not.toContain('<!channel>');
    expect(serialised).not.toContain('<@U0BADBAD>');
    expect(serialised).not.toContain('<http://');
    expect(serialised).not.toMatch(/@everyone/);
    expect(serialised).toContain('&lt;!channel&gt;');
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });

  it('moves content beyond 50 blocks into an attached file instead of failing', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => [`198.18.${i >> 8}.${i & 255}`, String(i), `banner ${i} ${'z'.repeat(40)}`]);
    const message = renderReply({ title: 'Ports', tone: 'info', table: { columns: ['ip', 'port', 'banner'], rows }, buttons: [{ action: 'scan.logs', label: 'Logs', value: 'SCAN-1' }] });
    expect(blockKitProblems(message.blocks)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.blocks.at(-1)?.type).toBe('actions');
    const file = message.files.find((f) => f.name.endsWith('-full.txt'));
    expect(file?.data.toString()).toContain('banner 3999');
  });

  it('groups fields ten to a section', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: String(i) }));
    const message = renderReply({ title: 't', tone: 'info', fields });
    const sections = message.blocks.filter((b) => b.type === 'section' && 'fields' in b && b.fields);
    expect(sections.map((s) => ('fields' in s ? s.fields?.length : 0))).toEqual([10, 10, 3]);
  });

  it('renders buttons with action ids, scan id values and confirm dialogs on Stop and Delete', () => {
    const message = renderReply({
      title: 'SCAN-1001', tone: 'info',
      buttons: [
        { action: 'scan.stop', label: 'Stop', value: 'SCAN-1001', style: 'danger' },
        { action: 'scan.rerun', label: 'Rerun', value: 'SCAN-1001' },
        { action: 'scan.delete', label: 'Delete', value: 'SCAN-1001', confirm: { title: 'Delete SCAN-1001?', text: 'Deletes the scan and its data.', confirm: 'Delete', deny: 'Keep' } },
        { action: 'scan.show', label: 'Show', value: 'SCAN-1' },
        { action: 'scan.show', label: 'Show', value: 'SCAN-2' },
      ],
    });
    expect(blockKitProblems(message.blocks)).toEqual([]);
    const actions = message.blocks.find((b) => b.type === 'actions');
    const elements = actions && 'elements' in actions ? (actions.elements as unknown as Array<Record<string, unknown>>) : [];
    expect(elements.map((e) => e.action_id)).toEqual(['scan.stop', 'scan.rerun', 'scan.delete', 'scan.show', 'scan.show#2']);
    expect(elements.map((e) => e.value)).toEqual(['SCAN-1001', 'SCAN-1001', 'SCAN-1001', 'SCAN-1', 'SCAN-2']);
    expect(elements[0]?.confirm).toBeDefined();
    expect(elements[1]?.confirm).toBeUndefined();
    expect(JSON.stringify(elements[2]?.confirm)).toContain('Deletes the scan and its data.');
  });

  it('clips a long title to the header limit', () => {
    const message = renderReply({ title: 'T'.repeat(400), tone: 'info' });
    expect(blockKitProblems(message.blocks)).toEqual([]);
  });
});
