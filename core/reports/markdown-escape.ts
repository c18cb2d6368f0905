// Makes hostile scan text inert in Markdown: no HTML, no links or autolinks, no emphasis, headings or list
// markers, no table breaks, and no chat mentions (`<!channel>`, `<@U123>`, `@everyone`) when the file is
// previewed in Slack or Discord. Only characters that can shape syntax are escaped, so it still reads well raw.

// Inline syntax anywhere in a line: escapes, code, emphasis, links/images, tables, strikethrough, GitHub math.
// Parentheses only form a link right after `]`, which is escaped (and `](` gets its `(` escaped too), so
// ordinary "(redis)" stays as written.
const INLINE_SPECIALS = /[\\`*_{}[\]|~$#]/g;
// Syntax only at the start of a line: list items (a marker followed by a space: "1. x", "- x", not
// "198.18.1.2"), block quotes (already an entity), setext/thematic rules.
const BLOCK_START = /^(\s*)([-+](?=\s|$)|=|\d{1,9}(?=[.)](?:\s|$)))/;

/** One line of text safe to place anywhere inline (paragraphs, list items, table cells, headings). */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n?|\n/g, ' ↵ ')
      .replace(/\t/g, ' ')
      // Entities first, so `<` can never open HTML, an autolink `<http://…>`, or Slack's `<!channel>`.
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(INLINE_SPECIALS, (c) => `\\${c}`)
      .replace(/\\\]\(/g, '\\]\\(')
      // `1.` / `1)` would start an ordered list; `-`, `+`, `=` a bullet or a heading underline.
      .replace(BLOCK_START, (_m, space: string, lead: string) => (/^\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`))
      // Zero-width spaces break GFM's bare autolinks (`http://x`, `www.x`, `a@b.c`) and chat mentions
      // (@everyone, @here, @channel, @user); escapes alone do not, as renderers merge the text back first.
      .replace(/:\/\//g, ':\u200B//')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200B.`)
      .replace(/@/g, '@\u200B')
  );
}
