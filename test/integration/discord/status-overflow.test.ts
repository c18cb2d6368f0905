// A status message too long for one Discord message, against the real REST client and the fake API: its
// follow-ups are edited in place on every edit (never posted again), the overflow file arrives on the
// message that carries its note, a shorter edit deletes the follow-ups it no longer needs, and a follow-up
// someone deleted is replaced alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../bot/commands/reply.js';
import type { RecordedRequest } from '../../fakes/discord/fake-discord-api.js';
import { CHANNEL_ID } from '../../fakes/discord/interactions.js';
import { startHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;

function status(progress: number, rows = 3000): Reply {
  return {
    title: `SCAN-77: running ${progress} %`, tone: 'info',
    table: { columns: ['ip', 'port', 'banner'], rows: Array.from({ length: rows }, (_, i) => [`198.18.3.${i % 250}`, String(1000 + i), `banner ${i} at ${progress} %`]) },
  };
}

function since(before: number): RecordedRequest[] {
  return h.api.requests.slice(before).filter((r) => r.route.includes('/channels/'));
}

function withNote(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => JSON.stringify(r.body.embeds ?? []).includes('Too long for Discord: the full text is in the attached file'));
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('discord status message overflow', () => {
  let statusId = '';
  let followUpIds: string[] = [];

  it('posting: four messages, the overflow file on the message with its note', async () => {
    const before = h.api.requests.length;
    statusId = await h.adapter.notifier.postMessage(CHANNEL_ID, status(10));
    const posts = since(before);
    expect(posts.map((r) => r.route)).toEqual(Array(4).fill('POST /channels/:id/messages'));
    const [note] = withNote(posts);
    expect(note).toBe(posts[3]);
    expect(note!.files.map((f) => f.name)).toEqual(['scan-77-running-10-full.txt']);
    expect(posts.slice(0, 3).every((p) => p.files.length === 0)).toBe(true);
    for (const p of posts.slice(1)) expect(p.body.message_reference).toMatchObject({ message_id: statusId });
    followUpIds = [...h.api.channelMessages].filter((id) => id !== statusId).slice(-3);
    expect(h.api.problems).toEqual([]);
  });

  it('three edits: the status message and the same three follow-ups are edited each time, nothing is posted', async () => {
    for (const progress of [40, 70, 95]) {
      const before = h.api.requests.length;
      await h.adapter.notifier.updateMessage(CHANNEL_ID, statusId, status(progress));
      const requests = since(before);
      expect(requests.map((r) => r.route)).toEqual(Array(4).fill('PATCH /channels/:id/messages/:id'));
      expect(requests.map((r) => r.path.split('/').pop())).toEqual([statusId, ...followUpIds]);
      const [note] = withNote(requests);
      expect(note).toBe(requests[3]);
      expect(note!.files.map((f) => f.name)).toEqual([`scan-77-running-${progress}-full.txt`]);
      expect(note!.files[0]!.bytes.toString('utf8')).toContain(`banner 2999 at ${progress} %`);
    }
    expect(h.api.problems).toEqual([]);
  });

  it('a shorter edit deletes the follow-ups it no longer needs; a deleted follow-up is replaced alone', async () => {
    let before = h.api.requests.length;
    await h.adapter.notifier.updateMessage(CHANNEL_ID, statusId, status(99, 250));
    const shorter = since(before);
    const kept = shorter.filter((r) => r.method === "PATCH").length;
    expect(kept).toBe(2); // 250 rows: the status message and one follow-up
    expect(shorter.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').pop())).toEqual(followUpIds.slice(kept - 1));
    expect(shorter.some((r) => r.method === 'POST')).toBe(false);

    h.api.channelMessages.delete(followUpIds[0]!); // someone deleted the first follow-up
    before = h.api.requests.length;
    await h.adapter.notifier.updateMessage(CHANNEL_ID, statusId, status(100, 250));
    const routes = since(before).map((r) => `${r.method} ${r.path.split('/').pop()}`);
    expect(routes.slice(0, 2)).toEqual([`PATCH ${statusId}`, `PATCH ${followUpIds[0]}`]);
    expect(routes.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    // The replacement is edited next time, not posted again.
    before = h.api.requests.length;
    await h.adapter.notifier.updateMessage(CHANNEL_ID, statusId, status(100, 250));
    expect(since(before).some((r) => r.method === 'POST')).toBe(false);
    expect(h.api.problems).toEqual([]);
  });
});
