// The shapes a rendered message is sent in (interaction edit, reply/follow-up, channel REST body) all
// carry allowed_mentions { parse: [] }, the ephemeral flag when asked, and files described safely.
import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { editOptions, restMessage, sendOptions } from '../../../bot/discord/payload.js';
import { renderMessages } from '../../../bot/discord/render/message.js';

const [message] = renderMessages({
  title: 'SCAN-5 chart',
  tone: 'info',
  text: ['@everyone look'],
  files: [{ name: 'chart.png', mime: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), title: `@everyone <@1> ${'d'.repeat(2000)}` }],
});

describe('payload shapes', () => {
  it('editOptions: parse: [], files attached, old attachments cleared, content null when empty', () => {
    const options = editOptions(message!);
    expect(options.allowedMentions).toEqual({ parse: [] });
    expect(options.content).toBeNull();
    expect(options.attachments).toEqual([]);
    expect(options.files).toHaveLength(1);
  });

  it('sendOptions: parse: [] and the Ephemeral flag only for ephemeral messages', () => {
    expect(sendOptions(message!).allowedMentions).toEqual({ parse: [] });
    expect(sendOptions(message!).flags).toBeUndefined();
    expect(sendOptions({ ...message!, ephemeral: true }).flags).toBe(MessageFlags.Ephemeral);
  });

  it('restMessage: allowed_mentions in the body, files[i] parts matching attachments[i], descriptions ≤ 1024 and neutralised', () => {
    const { body, files } = restMessage(message!, { message_reference: { message_id: '1' } });
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.message_reference).toEqual({ message_id: '1' });
    expect('content' in body).toBe(false);
    const attachments = body.attachments as Array<{ id: number; filename: string; description: string }>;
    expect(attachments.map((a) => [a.id, a.filename])).toEqual([[0, 'chart.png']]);
    expect(files.map((f) => [f.key, f.name, f.contentType])).toEqual([['files[0]', 'chart.png', 'image/png']]);
    expect(attachments[0]!.description.length).toBeLessThanOrEqual(1024);
    expect(attachments[0]!.description).not.toMatch(/@everyone|<@1>/);
  });

  it('every message of a split reply, in every shape, says parse: []', () => {
    const messages = renderMessages({ title: 't', tone: 'info', text: ['@here '.repeat(3000)] });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(editOptions(m).allowedMentions).toEqual({ parse: [] });
      expect(sendOptions(m).allowedMentions).toEqual({ parse: [] });
      expect(restMessage(m).body.allowed_mentions).toEqual({ parse: [] });
    }
  });
});
