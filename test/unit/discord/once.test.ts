// InteractionOnce remembers an interaction id for its token's 15 minutes and never more than its bound;
// answersPrivately reads the definitions' privateReply flag before a command runs.
import { describe, expect, it } from 'vitest';
import { answersPrivately } from '../../../bot/commands/private-reply.js';
import { InteractionOnce } from '../../../bot/discord/interactions/once.js';

describe('InteractionOnce', () => {
  it('says yes once per id, again after the 15 minutes its token lives', () => {
    let now = 0;
    const sut = new InteractionOnce(100, () => now);
    expect(sut.first('1')).toBe(true);
    expect(sut.first('1')).toBe(false);
    expect(sut.first('2')).toBe(true);
    now = 15 * 60 * 1000 - 1;
    expect(sut.first('1')).toBe(false);
    now = 15 * 60 * 1000;
    expect(sut.first('1')).toBe(true);
  });

  it('stays within its bound under a flood, forgetting the oldest first', () => {
    const sut = new InteractionOnce(1000, () => 0);
    for (let i = 0; i < 5000; i++) sut.first(String(i));
    expect(sut.size).toBe(1000);
    expect(sut.first('4999')).toBe(false);
    expect(sut.first('0')).toBe(true);
  });
});

describe('answersPrivately', () => {
  it('help and scanners add/revoke answer privately; the scanners listing and the rest do not', () => {
    expect(answersPrivately({ name: 'help', args: {} })).toBe(true);
    expect(answersPrivately({ name: 'scanners', args: { action: 'add', name: 'edge-1' } })).toBe(true);
    expect(answersPrivately({ name: 'scanners', args: {} })).toBe(false);
    expect(answersPrivately({ name: 'create', args: { name: 'x', targets: '198.18.0.1' } })).toBe(false);
    expect(answersPrivately({ name: 'no-such-command', args: {} })).toBe(false);
  });
});
