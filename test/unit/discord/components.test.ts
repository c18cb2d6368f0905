// Buttons: ≤ 5 rows × 5, labels ≤ 80, custom_ids ≤ 100 that parse back to the action and the scan id;
// Stop and Delete ask first except on a reply that is itself the question.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { BUTTON_ACTIONS } from '../../../bot/commands/actions.js';
import type { Reply, ReplyButton } from '../../../bot/commands/reply.js';
import { decodeButtonId, encodeButtonId } from '../../../bot/discord/custom-id.js';
import { confirmationRows, renderButtons } from '../../../bot/discord/render/components.js';
import { renderMessages } from '../../../bot/discord/render/message.js';
import { scanButtons } from '../../../bot/presenters/scan.js';
import { allProblems } from './discord-api-limits.js';

const confirm = { title: 'Stop?', text: 'Sure?', confirm: 'Stop', deny: 'Keep' };
const reply = (buttons: ReplyButton[], extra: Partial<Reply> = {}): Reply => ({ title: 'SCAN-3', tone: 'info', buttons, ...extra });
const ids = (rows: ReturnType<typeof renderButtons>) => rows.flatMap((r) => r.components.map((c) => c.custom_id));

describe('custom_id', () => {
  it.each(BUTTON_ACTIONS.flatMap((action) => (['ask', 'do', 'no'] as const).map((step) => [step, action] as const)))('%s %s round-trips', (step, action) => {
    const id = encodeButtonId({ step, action, value: 'SCAN-123456789' });
    expect(id).toBe(`pcl:${step}:${action}:SCAN-123456789`);
    expect(decodeButtonId(id)).toEqual({ step, action, value: 'SCAN-123456789' });
  });

  it('the longest value (80) on the longest action is exactly 100 characters and still parses', () => {
    const value = 'S'.repeat(80);
    const id = encodeButtonId({ step: 'ask', action: 'scan.report', value });
    expect(id).toHaveLength(100);
    expect(decodeButtonId(id)?.value).toBe(value);
  });

  it('refuses to shorten a value (it would name another scan)', () => {
    expect(() => encodeButtonId({ step: 'do', action: 'scan.delete', value: 'S'.repeat(81) })).toThrow(RangeError);
    expect(() => encodeButtonId({ step: 'do', action: 'scan.delete', value: '' })).toThrow(RangeError);
  });

  it.each(['pcl:do:scan.nuke:SCAN-1', 'pcl:maybe:scan.stop:SCAN-1', 'pcl:do:scan.stop:', 'xyz:do:scan.stop:SCAN-1', 'pcl:do:scan.stop', `pcl:do:scan.stop:${'S'.repeat(81)}`, 'pcl:do:scan.stop:SCAN-1\nx'])('refuses a foreign or malformed id %j', (id) => {
    expect(decodeButtonId(id)).toBeNull();
  });
});

describe('renderButtons', () => {
  it('the scan buttons of a running scan: Stop asks (danger), Logs and Report act', () => {
    const rows = renderButtons(reply(scanButtons('SCAN-3', true)));
    expect(rows).toHaveLength(1);
    expect(ids(rows).map(decodeButtonId)).toEqual([
      { step: 'ask', action: 'scan.stop', value: 'SCAN-3' },
      { step: 'do', action: 'scan.logs', value: 'SCAN-3' },
      { step: 'do', action: 'scan.report', value: 'SCAN-3' },
    ]);
    expect(rows[0]!.components[0]!.style).toBe(ButtonStyle.Danger);
    expect(rows[0]!.type).toBe(ComponentType.ActionRow);
  });

  it('Delete asks even without a confirm object; an ephemeral prompt of confirm buttons acts directly', () => {
    expect(ids(renderButtons(reply([{ action: 'scan.delete', label: 'Delete', value: 'SCAN-3' }])))).toEqual(['pcl:ask:scan.delete:SCAN-3']);
    const prompt = reply([{ action: 'scan.delete', label: 'Delete', value: 'SCAN-3', confirm }], { ephemeral: true });
    expect(ids(renderButtons(prompt))).toEqual(['pcl:do:scan.delete:SCAN-3']);
    expect(ids(renderButtons({ ...prompt, ephemeral: false }))).toEqual(['pcl:ask:scan.delete:SCAN-3']);
  });

  it('30 buttons with 200-character labels: 5 rows of 5, labels clipped to 80, ids ≤ 100 and unique', () => {
    const buttons = Array.from({ length: 30 }, (_, i): ReplyButton => ({ action: 'scan.show', label: `${i} ${'L'.repeat(200)}`, value: `SCAN-${i}` }));
    const rows = renderButtons(reply(buttons));
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    const all = rows.flatMap((r) => r.components);
    expect(all.map((b) => b.label!.length)).toEqual(Array(25).fill(80));
    expect(all.every((b) => b.label!.endsWith('…'))).toBe(true);
    expect(all.map((b) => decodeButtonId(b.custom_id)?.value)).toEqual(buttons.slice(0, 25).map((b) => b.value));
  });

  it('drops duplicate ids (Discord refuses them) and values that cannot round-trip, keeping the message valid', () => {
    const rows = renderButtons(reply([
      { action: 'scan.logs', label: 'Logs', value: 'SCAN-1' },
      { action: 'scan.logs', label: 'Logs again', value: 'SCAN-1' },
      { action: 'scan.show', label: 'Show', value: 'S'.repeat(81) },
      { action: 'scan.rerun', label: 'Rerun', value: 'SCAN-1' },
    ]));
    expect(ids(rows)).toEqual(['pcl:do:scan.logs:SCAN-1', 'pcl:do:scan.rerun:SCAN-1']);
    expect(allProblems(renderMessages(reply([{ action: 'scan.show', label: 'Show', value: 'S'.repeat(95) }])))).toEqual([]);
  });

  it('no buttons, no rows', () => {
    expect(renderButtons(reply([]))).toEqual([]);
    expect(renderButtons({ title: 't', tone: 'info' })).toEqual([]);
  });
});

describe('confirmationRows', () => {
  it('Confirm (do, danger) and Cancel (no) for the same action and scan', () => {
    const [row] = confirmationRows({ action: 'scan.stop', value: 'SCAN-9' }, 'Stop', 'Keep running');
    expect(row!.components.map((b) => [decodeButtonId(b.custom_id), b.label, b.style])).toEqual([
      [{ step: 'do', action: 'scan.stop', value: 'SCAN-9' }, 'Stop', ButtonStyle.Danger],
      [{ step: 'no', action: 'scan.stop', value: 'SCAN-9' }, 'Keep running', ButtonStyle.Secondary],
    ]);
  });
});
