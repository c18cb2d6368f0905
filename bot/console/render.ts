// Renders a neutral Reply as terminal text: headline with a tone mark, paragraphs, aligned fields and
// tables, the buttons as the commands they stand for, and the files the console adapter wrote.
import { commandForAction } from '../commands/actions.js';
import type { Reply, ReplyTable } from '../commands/reply.js';
import { clipCell, displayWidth, padEnd, sanitize } from './text-width.js';

export interface WrittenFile {
  name: string;
  path: string;
  mime: string;
}

const TONE_MARK: Record<Reply['tone'], string> = { info: 'ℹ', success: '✔', warning: '⚠', error: '✖' };
const MAX_CELL = 72;

export function renderTable(table: ReplyTable): string[] {
  const rows = table.rows.map((row) => table.columns.map((_, i) => clipCell(sanitize(row[i] ?? '').replace(/\s*\n\s*/g, ' '), MAX_CELL)));
  const header = table.columns.map((c) => sanitize(c));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => padEnd(c, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

function buttonCommand(button: NonNullable<Reply['buttons']>[number]): string {
  const request = commandForAction(button.action, button.value);
  const args = Object.entries(request.args).map(([key, value]) => (key === 'id' || key === 'kind' ? String(value) : `${key}=${String(value)}`));
  return `/scan ${[request.name, ...args].join(' ')}`;
}

export function renderReply(reply: Reply, files: WrittenFile[] = []): string {
  const out: string[] = [`${TONE_MARK[reply.tone]} ${sanitize(reply.title)}`];
  for (const paragraph of reply.text ?? []) {
    for (const line of sanitize(paragraph).replace(/^```\n?|\n?```$/g, '').split('\n')) out.push(`  ${line}`);
  }
  if (reply.fields && reply.fields.length > 0) {
    const width = Math.max(...reply.fields.map((f) => displayWidth(sanitize(f.label))));
    for (const field of reply.fields) {
      const [first = '', ...more] = sanitize(field.value).split('\n');
      out.push(`  ${padEnd(sanitize(field.label), width)}  ${first}`);
      for (const line of more) out.push(`  ${' '.repeat(width)}  ${line}`);
    }
  }
  if (reply.table && reply.table.rows.length > 0) for (const line of renderTable(reply.table)) out.push(`  ${line}`);
  if (reply.buttons && reply.buttons.length > 0) {
    out.push(`  Actions: ${reply.buttons.map((b) => `${b.label} → ${buttonCommand(b)}`).join(' · ')}`);
  }
  for (const file of files) out.push(`  📎 ${sanitize(file.name)} → ${file.path}`);
  return out.join('\n') + '\n';
}
