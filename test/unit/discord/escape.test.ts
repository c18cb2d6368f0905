// Scan text is hostile: a banner must neither ping anyone, nor link somewhere under a disguise, nor
// break the layout with markdown. These check the escaping functions and the whole renderer.
import { describe, expect, it } from 'vitest';
import { escapeCodeBlock, escapeText, renderMarkdownLight } from '../../../bot/discord/render/escape.js';
import { renderMessages } from '../../../bot/discord/render/message.js';
import { allProblems, visibleText } from './discord-api-limits.js';

/** What Discord would turn into a ping or a live reference. */
const LIVE_MENTION = /@(everyone|here)|<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>|<a?:\w+:\d+>|<t:\d+/i;
/** A masked link `[text](url)` whose brackets are not escaped. */
const LIVE_MASKED_LINK = /(^|[^\\])\[[^\]]*[^\\]\]\(/;
const HOSTILE = ['@everyone', '@here', '＠everyone', '<@123>', '<@!123>', '<#1>', '<@&2>', '<!channel>', '</scan:42>', '<t:1700000000:R>', '<a:party:99>', '[login](http://evil.example/x)'];

describe('escapeText', () => {
  it.each(HOSTILE)('neutralises %s', (hostile) => {
    const out = escapeText(`banner ${hostile} end`);
    expect(out).not.toMatch(LIVE_MENTION);
    expect(out).not.toMatch(LIVE_MASKED_LINK);
    expect(out.replace(/[\u200B\\]/g, '')).toBe(`banner ${hostile} end`); // only invisible marks added
  });

  it.each(['*', '_', '~', '|', '`', '[', ']', '\\'])('puts a backslash before every %s', (char) => {
    expect(escapeText(`a${char}b${char}${char}c`)).toBe(`a\\${char}b\\${char}\\${char}c`);
  });

  it('escapes line-leading headings, quotes and list marks, not the same characters mid-line', () => {
    expect(escapeText('# big\n> quoted\n  - item\na > b - c # d')).toBe('\\# big\n\\> quoted\n  \\- item\na > b - c # d');
  });

  it('turns a spoiler, a strike and bold into literal characters', () => {
    expect(escapeText('||secret|| ~~gone~~ **loud**')).toBe('\\|\\|secret\\|\\| \\~\\~gone\\~\\~ \\*\\*loud\\*\\*');
  });
});

describe('escapeCodeBlock', () => {
  it('replaces backticks so a banner cannot close the block, and still breaks mentions', () => {
    const out = escapeCodeBlock('x ``` @everyone <@1>');
    expect(out).not.toContain('`');
    expect(out).not.toMatch(LIVE_MENTION);
  });
});

describe('renderMarkdownLight', () => {
  it('keeps the presenter markup (*bold*, `code`, fenced blocks) and escapes everything else', () => {
    expect(renderMarkdownLight('*SCAN-1* uses `nmap`, 2*3 _x_ [a](b)')).toBe('**SCAN-1** uses `nmap`, 2\\*3 \\_x\\_ \\[a\\](b)');
    expect(renderMarkdownLight('```\nline 1\nline 2\n```')).toBe('```\nline 1\nline 2\n```');
  });

  it('breaks mentions inside bold, inline code and fenced blocks too', () => {
    const out = renderMarkdownLight('*@everyone* `<@123>` ```\n@here <#1>\n```');
    expect(out).not.toMatch(LIVE_MENTION);
  });

  it('a banner with backticks inside a fenced block may end it early, but what spills out is escaped', () => {
    const out = renderMarkdownLight('```\nSSH-2.0 ```[x](http://evil.example)``` @everyone # h\n```');
    expect(out).not.toMatch(LIVE_MASKED_LINK);
    expect(out).not.toMatch(LIVE_MENTION);
    expect((out.split('```').length - 1) % 2).toBe(0); // every block that opens also closes
    expect(out).toContain('\\[x\\](http://evil.example)');
  });
});

describe('hostile scan text through the whole renderer', () => {
  const banner = HOSTILE.join(' ') + ' *x* _y_ ~z~ |w| `v` > q';
  const reply = {
    title: `@everyone ${banner}`,
    tone: 'warning' as const,
    text: [banner],
    fields: [{ label: '<@&2> port', value: banner }, { label: 'long', value: `${banner} `.repeat(40) }],
    table: { columns: ['ip', 'banner'], rows: [['198.18.1.2', banner], ['198.18.1.3', 'a\n@here\tb```c']] },
  };

  it('no mention or masked link survives anywhere in the embeds, and every message says parse: []', () => {
    const messages = renderMessages(reply);
    const text = visibleText(messages);
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).not.toMatch(LIVE_MASKED_LINK);
    expect(allProblems(messages)).toEqual([]);
    for (const m of messages) expect(m.allowed_mentions).toEqual({ parse: [] });
  });

  it('outside code blocks every markdown character of scan text is escaped (pairs like *x* are the presenters\' bold)', () => {
    const lone = HOSTILE.join(' ') + ' 2*3 _y_ ~z~ |w| ` > q';
    const [message] = renderMessages({ title: 't', tone: 'info', text: [lone] });
    const description = message!.embeds[0]!.description!;
    expect(description).not.toMatch(/(^|[^\\])[*_~|`[\]]/);
    expect(renderMessages({ title: 't', tone: 'info', text: ['*_x_*'] })[0]!.embeds[0]!.description).toBe('**\\_x\\_**');
  });

  it('a 10,000-character banner in a log block split across embeds stays inside code blocks', () => {
    const line = `${'A'.repeat(2990)} [login](http://evil.example) # heading @everyone ${'B'.repeat(3000)} ${'C'.repeat(4000)}`;
    const messages = renderMessages({ title: 'SCAN-1 run 1: 1 log line', tone: 'info', text: ['```\n' + line + '\n```'] });
    expect(allProblems(messages)).toEqual([]);
    const descriptions = messages.flatMap((m) => m.embeds).map((e) => e.description ?? '');
    expect(descriptions.length).toBeGreaterThan(1);
    for (const d of descriptions) {
      expect(d.startsWith('```\n') && d.endsWith('\n```')).toBe(true); // each piece is one closed code block
      expect(d.split('```')).toHaveLength(3);
    }
    expect(descriptions.join('').replace(/```\n?|\n/g, '').replace(/\u200B/g, '')).toBe(line);
  });
});
