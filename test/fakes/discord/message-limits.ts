// What the real Discord API would refuse with 400 (message limits) and what Portcullis promises on every
// message (allowed_mentions with parse: []). The fake checks each message body against it, so a test
// fails when the renderer ever sends something Discord would reject or that could ping.
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  bytes: Buffer;
}

const MiB = 1024 * 1024;

type Json = Record<string, unknown>;

export function messageProblems(body: Json, files: RecordedFile[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) problems.push(what); };
  const allowed = body.allowed_mentions as { parse?: unknown } | undefined;
  check(Array.isArray(allowed?.parse) && allowed.parse.length === 0, 'allowed_mentions.parse must be []');
  check(typeof body.content !== 'string' || body.content.length <= 2000, 'content over 2000 characters');
  const embeds = (body.embeds ?? []) as Json[];
  check(embeds.length <= 10, `${embeds.length} embeds (max 10)`);
  let total = 0;
  for (const embed of embeds) {
    const title = (embed.title as string | undefined) ?? '';
    const description = (embed.description as string | undefined) ?? '';
    const footer = ((embed.footer as Json | undefined)?.text as string | undefined) ?? '';
    const fields = (embed.fields ?? []) as Array<{ name: string; value: string }>;
    check(title.length <= 256, 'embed title over 256');
    check(description.length <= 4096, 'embed description over 4096');
    check(footer.length <= 2048, 'embed footer over 2048');
    check(fields.length <= 25, 'more than 25 fields');
    for (const f of fields) {
      check(f.name.length > 0 && f.name.length <= 256, 'field name empty or over 256');
      check(f.value.length > 0 && f.value.length <= 1024, 'field value empty or over 1024');
      total += f.name.length + f.value.length;
    }
    total += title.length + description.length + footer.length;
  }
  check(total <= 6000, `embeds total ${total} characters (max 6000)`);
  const rows = (body.components ?? []) as Array<{ components?: Array<{ label?: string; custom_id?: string }> }>;
  check(rows.length <= 5, 'more than 5 action rows');
  const ids = new Set<string>();
  for (const row of rows) {
    check((row.components ?? []).length <= 5, 'more than 5 buttons in a row');
    for (const button of row.components ?? []) {
      check((button.label ?? '').length <= 80, 'button label over 80');
      check((button.custom_id ?? '').length <= 100, 'custom_id over 100');
      check(!ids.has(button.custom_id ?? ''), 'duplicate custom_id');
      ids.add(button.custom_id ?? '');
    }
  }
  check(files.length <= 10, 'more than 10 attachments');
  for (const file of files) check(file.bytes.length <= 10 * MiB, `${file.name} over 10 MiB`);
  const hasSomething = (typeof body.content === 'string' && body.content.length > 0) || embeds.length > 0 || files.length > 0 || rows.length > 0;
  check(hasSomething || body.content === null || body.content === '', 'empty message');
  return problems;
}
