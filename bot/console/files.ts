// Writes the files a reply carries (charts, reports, full logs) under PORTCULLIS_OUTPUT_DIR, with safe,
// unique names, so the console user can open them; returns where they went (DESIGN §8 `files`).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reply } from '../commands/reply.js';
import type { WrittenFile } from './render.js';

function safeName(name: string): string {
  const base = path.basename(name).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return base.slice(0, 120) || 'file';
}

export async function writeReplyFiles(reply: Reply, outputDir: string): Promise<WrittenFile[]> {
  if (!reply.files || reply.files.length === 0) return [];
  const dir = path.resolve(outputDir);
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const written: WrittenFile[] = [];
  for (const [index, file] of reply.files.entries()) {
    const name = safeName(file.name);
    const target = path.join(dir, `${stamp}-${process.pid}-${index}-${name}`);
    await writeFile(target, file.data);
    written.push({ name, path: target, mime: file.mime });
  }
  return written;
}

/** The JSON `portcullis chat --json` prints (DESIGN §8). */
export function chatJson(reply: Reply, files: WrittenFile[]) {
  return {
    title: reply.title,
    tone: reply.tone,
    text: reply.text ?? [],
    fields: reply.fields ?? [],
    table: reply.table ?? null,
    data: reply.data ?? null,
    files,
    failed: reply.failed === true,
  };
}
