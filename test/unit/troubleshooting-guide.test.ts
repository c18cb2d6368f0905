// The README's troubleshooting guide quotes Portcullis's messages exactly: every message in the first column
// of its tables must be found in the source, so a reworded message fails this test until the guide follows.
// `{…}` in the guide stands for what the code fills in (`${…}`): each fixed part between placeholders must
// appear in one and the same source file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['core', 'scanner', 'worker', 'bot', 'cli', 'control'];

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const sources = SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d))).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

function guide(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Troubleshooting\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 5);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The code span of the first cell of each table row (header and separator rows have none). */
function quotedMessages(section: string): string[] {
  return section.split('\n').flatMap((line) => {
    const match = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    return match?.[1] ? [match[1]] : [];
  });
}

/** The fixed parts of a quoted message worth checking (placeholders and short joints like " %; " dropped). */
function fixedParts(message: string): string[] {
  return message.split(/\{[^}]*\}/).filter((part) => part.trim().length >= 4);
}

/** Source files holding every fixed part of `message`. */
function filesQuoting(message: string): string[] {
  const parts = fixedParts(message);
  return sources.filter((s) => parts.every((part) => s.text.includes(part))).map((s) => s.path);
}

describe('the troubleshooting guide in the README', () => {
  const section = guide();
  const messages = quotedMessages(section);

  it('quotes the messages of every kind of trouble', () => {
    expect(messages.length).toBeGreaterThanOrEqual(25);
    for (const topic of ['submit error', 'permission denied', 'tool missing', 'timeout', 'worker lost', 'authentication failed', 'scope refusal']) {
      expect(section.toLowerCase(), topic).toContain(topic);
    }
    for (const status of ['✅ Done', '❌ Failed', '⚠️ Submit Error', '⏳ Running', '🕒 Planned', '⏹ Cancelled']) expect(messages).toContain(status);
    for (const heading of ['### Run status', '### Error messages', '### Reading the logs', '### masscan, nmap or hybrid']) expect(section).toContain(heading);
  });

  it.each(messages)('"%s" is what the code emits', (message) => {
    expect(fixedParts(message).length, 'a message with nothing fixed to check').toBeGreaterThan(0);
    expect(filesQuoting(message), `no source file emits "${message}"`).not.toEqual([]);
  });

  it('a reworded message is caught', () => {
    expect(filesQuoting('authentication failed: scanner key invalid or revoked — ask an admin for a new one with /scan scanners add')).not.toEqual([]);
    expect(filesQuoting('authentication failed: scanner key invalid or revoked — ask an admin for a new one with /scan scanner add')).toEqual([]);
    expect(filesQuoting('{tool}: permission denied — the worker needs NET_RAW')).not.toEqual([]);
    expect(filesQuoting('{tool}: permission refused — the worker needs NET_RAW')).toEqual([]);
  });
});
