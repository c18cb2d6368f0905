import { describe, it, expect } from 'vitest';
import { buildReport } from '../../../core/reports/build-report.js';
import { escapeMarkdown } from '../../../core/reports/markdown-escape.js';
import { emptyInput, reportInput } from './fixtures.js';

describe('escapeMarkdown', () => {
  it('neutralises Slack mentions, HTML and autolinks in angle brackets', () => {
    const out = escapeMarkdown('<!channel> <@U123> <https://evil.example|login> <script>x</script>');
    expect(out).not.toMatch(/</);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('&lt;@\u200BU123&gt;');
  });

  it('breaks @everyone / @here and e-mail autolinks with a zero-width space', () => {
    const out = escapeMarkdown('@everyone @here admin@example.com');
    expect(out).not.toMatch(/@everyone|@here|@example/);
    expect(out.replace(/\u200B/g, '')).toBe('@everyone @here admin@example.com');
  });

  it('cannot form a link, image or bare autolink', () => {
    const out = escapeMarkdown('[x](javascript:alert(1)) ![i](http://t/p.png) http://evil.example www.evil.example');
    expect(out).toContain('\\[x\\]\\(javascript:alert(1))');
    expect(out).not.toMatch(/\]\(/);
    expect(out).not.toContain('://');
    expect(out).not.toMatch(/www\./i);
  });

  it('keeps text on one line and cannot break a table or start a block', () => {
    expect(escapeMarkdown('a | b\n# heading\r\n- item')).toBe('a \\| b ↵ \\# heading ↵ - item');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('**bold** _it_ `code` ~~s~~ $x$')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\$x\\$');
  });

  it('leaves ordinary text readable', () => {
    expect(escapeMarkdown('SCAN-1001 · 198.18.1.2:22/tcp OpenSSH 7.2p2')).toBe('SCAN-1001 · 198.18.1.2:22/tcp OpenSSH 7.2p2');
    // No stray escapes: an address at the start of a cell is not a list item, parentheses are not a link.
    expect(escapeMarkdown('198.18.90.2:6379/tcp (redis)')).toBe('198.18.90.2:6379/tcp (redis)');
    expect(escapeMarkdown('2 critical (3 open ports)')).toBe('2 critical (3 open ports)');
  });
});

describe('Markdown reports', () => {
  it('render a hostile banner inertly in the technical report', async () => {
    const md = (await buildReport('technical', 'md', reportInput())).data.toString('utf8');
    expect(md).not.toContain('<!channel>');
    expect(md).not.toMatch(/@everyone/);
    expect(md).not.toContain('](javascript:');
    expect(md).not.toContain('<https://');
    expect(md).toContain('&lt;!channel&gt;');
    // Evidence is capped: the 10,000-character banner ends in an ellipsis well before its end.
    const longest = Math.max(...md.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(2_500);
    expect(md).toContain('A…');
    // Every table row has as many cells as its header (no injected pipes); tables keep only columns with data.
    const cellsOf = (line: string) => line.replace(/\\\|/g, '').split('|').length - 2;
    let header: number | null = null;
    for (const line of md.split('\n')) {
      if (!line.startsWith('| ')) {
        header = null;
        continue;
      }
      header ??= cellsOf(line);
      expect(cellsOf(line)).toBe(header);
    }
  });

  it('executive Markdown names the scan, the top risk and what changed', async () => {
    const md = (await buildReport('executive', 'md', reportInput())).data.toString('utf8');
    expect(md).toMatch(/^# Executive summary\n/);
    expect(md).toContain('SCAN-1001');
    expect(md).toContain('**CRITICAL** **Exposed database port on 2 services');
    expect(md).toContain('Since run 2: 1 newly exposed port');
  });

  it('counts exposure in words that agree with the numbers', async () => {
    const single = reportInput({ openPorts: reportInput().openPorts.slice(0, 1).map((p) => ({ ...p, ip: '198.18.1.2' })) });
    for (const kind of ['executive', 'technical'] as const) {
      const md = (await buildReport(kind, 'md', single)).data.toString('utf8');
      expect(md, kind).toContain('| Exposure | 1 open port on 3 hosts · 5 findings |');
    }
  });

  it('says plainly when nothing was found', async () => {
    for (const kind of ['executive', 'technical', 'remediation'] as const) {
      const md = (await buildReport(kind, 'md', emptyInput())).data.toString('utf8');
      expect(md, kind).toMatch(/No open ports found|no open ports found/);
    }
  });
});
