// Discord's message limits (https://discord.com/developers/docs/resources/message and …/channel#embed-limits),
// in one place so the renderer and the tests agree. A message Discord would reject (400) is a lost answer,
// so the renderer splits, moves text to a file, or says clearly what it left out — it never sends too much.

export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  /** Sum of title, description, field names/values, footer and author over all embeds of one message. */
  embedCharsPerMessage: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  actionRowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  attachmentsPerMessage: 10,
  /** Upload limit for a bot without a boosted guild: per file and, to be safe, per message. */
  attachmentBytes: 10 * 1024 * 1024,
} as const;

/** How many messages one reply may become before the rest goes into a text file. */
export const MAX_MESSAGES_PER_REPLY = 4;

/** Cuts `text` to at most `max` characters, ending in `…`, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  // A trailing lone backslash would escape the ellipsis; drop it.
  while (cut > 0 && text[cut - 1] === '\\') cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Splits text into pieces of at most `max` characters, preferring line breaks, then spaces; never
 * inside a surrogate pair, and (when it can) not after a backslash or between backticks.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    // Not right after an escaping backslash, nor inside a ``` run: either would turn into live markdown.
    while (cut > max / 2 && (rest[cut - 1] === '\\' || (rest[cut - 1] === '`' && rest[cut] === '`'))) cut -= 1;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

const FENCE = '```';

/**
 * splitText for rendered markdown: a piece that ends inside a ``` block closes it and the next piece
 * reopens it, so scan text inside a code block (where markdown is not escaped) never spills out of it
 * as live markdown (a masked link, a heading) in the next embed.
 */
export function splitMarkdown(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const reserve = FENCE.length * 2 + 2;
  let open = false;
  return splitText(text, max - reserve).map((piece) => {
    const body = open ? `${FENCE}\n${piece}` : piece;
    if (piece.split(FENCE).length % 2 === 0) open = !open;
    return open ? `${body}\n${FENCE}` : body;
  });
}
