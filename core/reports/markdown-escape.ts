// Makes hostile scan text inert in Markdown: no HTML, no links or autolinks, no emphasis or headings, no
// table breaks, and no chat mentions (`<!channel>`, `<@U123>`, `@everyone`) when the file is previewed in
// Slack or Discord. The text still reads the same to a person.

// Every ASCII punctuation character CommonMark lets us backslash-escape that can start or shape syntax.
const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#+\-.!|~=^$]/g;

/** One line of text safe to place anywhere inline (paragraphs, list items, table cells). */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n?|\n/g, ' ↵ ')
      .replace(/\t/g, ' ')
      // Entities first, so `<` can never open HTML, an autolink `<http://…>`, or Slack's `<!channel>`.
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
      // GFM autolinks bare `http://x`, `www.x` and e-mail addresses; break the patterns.
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/\bwww\\\./gi, (m) => `${m.slice(0, 3)}&#8203;${m.slice(3)}`)
      // A zero-width space after `@` stops @everyone / @here / @channel / @user mentions and e-mail autolinks.
      .replace(/@/g, '@\u200B')
  );
}
