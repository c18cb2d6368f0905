// Embed colours follow the one severity palette (core/charts/severity-colours.ts) on every embed of a
// reply, the footer names the highest severity, and without a severity the tone decides.
import { describe, expect, it } from 'vitest';
import { SEVERITY_COLOURS, SEVERITY_LABELS } from '../../../core/charts/severity-colours.js';
import type { Severity } from '../../../scanner/types.js';
import { renderEmbeds, replyColour } from '../../../bot/discord/render/embeds.js';
import { renderMessages } from '../../../bot/discord/render/message.js';

const SEVERITIES = Object.keys(SEVERITY_COLOURS) as Severity[];

describe('severity colours', () => {
  it('the palette has the five severities', () => {
    expect([...SEVERITIES].sort()).toEqual(['critical', 'high', 'info', 'low', 'medium']);
  });

  it.each(SEVERITIES)('%s: every embed of a long reply has the palette colour as an int, the footer its label', (severity) => {
    const expected = Number.parseInt(SEVERITY_COLOURS[severity].replace('#', ''), 16);
    const messages = renderMessages({ title: 'SCAN-1', tone: 'info', severity, text: ['word '.repeat(3000)], fields: Array.from({ length: 30 }, (_, i) => ({ label: `${i}`, value: 'v' })) });
    const embeds = messages.flatMap((m) => m.embeds);
    expect(embeds.length).toBeGreaterThan(2);
    expect(embeds.map((e) => e.color)).toEqual(embeds.map(() => expected));
    expect(embeds[embeds.length - 1]!.footer).toEqual({ text: `Highest severity: ${SEVERITY_LABELS[severity]}` });
    expect(embeds.slice(0, -1).every((e) => e.footer === undefined)).toBe(true);
  });

  it('the ints Discord gets are the documented hex colours', () => {
    expect((['critical', 'high', 'info', 'low', 'medium'] as const).map((severity) => [severity, replyColour({ title: 't', tone: 'success', severity })])).toEqual([
      ['critical', 0x8b0000], ['high', 0xd32f2f], ['info', 0x607d8b], ['low', 0xfbc02d], ['medium', 0xf57c00],
    ]);
  });

  it('without a severity the tone decides, each tone its own colour, and there is no footer', () => {
    const tones = (['info', 'success', 'warning', 'error'] as const).map((tone) => renderEmbeds({ title: 't', tone })[0]!);
    expect(new Set(tones.map((e) => e.color)).size).toBe(4);
    expect(tones.every((e) => Number.isInteger(e.color) && e.color! >= 0 && e.color! <= 0xffffff)).toBe(true);
    expect(tones.every((e) => e.footer === undefined)).toBe(true);
  });
});

describe('renderEmbeds layout', () => {
  it('paragraphs, then long fields, then the table in the description; short fields as fields', () => {
    const [embed] = renderEmbeds({
      title: 'SCAN-2',
      tone: 'info',
      text: ['first', 'second'],
      fields: [{ label: 'short', value: 's', inline: true }, { label: 'long', value: 'l'.repeat(1100) }],
      table: { columns: ['port', 'state'], rows: [['22', 'open']] },
    });
    expect(embed!.description).toBe(`first\n\nsecond\n\n**long**\n${'l'.repeat(1100)}\n\n\`\`\`\nport  state\n22    open\n\`\`\``);
    expect(embed!.fields).toEqual([{ name: 'short', value: 's', inline: true }]);
  });

  it('continuation embeds have no title (only the first one is the headline)', () => {
    const embeds = renderEmbeds({ title: 'SCAN-2', tone: 'info', text: ['a '.repeat(5000)] });
    expect(embeds.map((e) => e.title)).toEqual(['SCAN-2', undefined, undefined]);
  });
});
