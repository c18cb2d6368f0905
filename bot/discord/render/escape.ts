// Scan output is hostile: a banner or hostname can carry `@everyone`, `<@123>`, `<@&role>`, `<#channel>`,
// masked links or markdown that breaks the layout. Everything a renderer puts into an embed passes
// through here. (Every message also carries `allowed_mentions: { parse: [] }`, so even text that slipped
// through could not ping anyone; this makes it also *look* harmless.)

/** Zero-width space: `@\u200Beveryone` is not a mention. */
const ZWSP = '\u200B';

/** Breaks broadcast words and the `<@…>`, `<@&…>`, `<#…>`, `<:emoji:…>`, `<t:…>`, `</cmd:…>` syntax. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/([@＠])(everyone|here)/gi, `$1${ZWSP}$2`)
    .replace(/<(?=[@#:/]|a:|t:)/g, `<${ZWSP}`);
}

/** Markdown characters escaped with a backslash; line-leading `#`, `>`, `-` (headings, quotes, lists) too. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~|`[\]]/g, '\\$&')
    .replace(/^(\s*)([#>-])/gm, '$1\\$2');
}

/** Text from scans: markdown escaped, mentions neutralised. */
export function escapeText(text: string): string {
  return neutraliseMentions(escapeMarkdown(text));
}

/** Inside a ``` block only a backtick run could end the block early; mentions are still broken. */
export function escapeCodeBlock(text: string): string {
  return neutraliseMentions(text.replace(/`/g, 'ˋ'));
}

/**
 * The neutral Reply's markdown-light (`*bold*`, `` `code` ``, ``` fenced blocks) as Discord markdown,
 * everything else escaped. Presenters use that markup; scan text inside it stays escaped.
 */
export function renderMarkdownLight(text: string): string {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part) => (part.startsWith('```') && part.endsWith('```') && part.length >= 6 ? fenced(part.slice(3, -3)) : inline(part)))
    .join('');
}

function fenced(body: string): string {
  return `\`\`\`\n${escapeCodeBlock(body.replace(/^\n/, '').replace(/\n$/, ''))}\n\`\`\``;
}

function inline(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? `\`${neutraliseMentions(part.slice(1, -1))}\`` : bold(part)))
    .join('');
}

function bold(text: string): string {
  return text
    .split(/(\*[^*\n]+\*)/)
    .map((part) => (/^\*[^*\n]+\*$/.test(part) ? `**${escapeText(part.slice(1, -1))}**` : escapeText(part)))
    .join('');
}
