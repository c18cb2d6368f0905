// Files of a reply (charts, reports, full logs) as Discord attachments: each ≤ 10 MiB. A larger text file
// (log, Markdown, CSV, JSON) is split into numbered parts at line breaks; a larger binary (PDF, PNG)
// cannot be split usefully, so the reply says so clearly and names what to ask for instead.
import type { ReplyFile } from '../../commands/reply.js';
import { DISCORD_LIMITS } from './limits.js';

export interface PreparedFiles {
  files: ReplyFile[];
  /** Sentences for the reader about files that could not be attached as they were. */
  notes: string[];
}

const TEXT_MIME = /^(text\/|application\/(json|x-ndjson|csv|xml))/;

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function partName(name: string, part: number, parts: number): string {
  const dot = name.lastIndexOf('.');
  const suffix = `.part${part}of${parts}`;
  return dot > 0 ? `${name.slice(0, dot)}${suffix}${name.slice(dot)}` : `${name}${suffix}`;
}

/** Splits bytes into pieces ≤ max, cutting after a newline when one is in the second half of a piece, else between UTF-8 characters. */
function splitBytes(data: Buffer, max: number): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + max, data.length);
    if (end < data.length) {
      const newline = data.lastIndexOf(0x0a, end - 1);
      if (newline > start + max / 2) end = newline + 1;
      else while (end > start + 1 && ((data[end] ?? 0) & 0xc0) === 0x80) end -= 1; // not inside a UTF-8 character
    }
    pieces.push(data.subarray(start, end));
    start = end;
  }
  return pieces;
}

export function prepareFiles(files: ReplyFile[], maxBytes: number = DISCORD_LIMITS.attachmentBytes): PreparedFiles {
  const out: ReplyFile[] = [];
  const notes: string[] = [];
  for (const file of files) {
    if (file.data.length <= maxBytes) {
      out.push(file);
    } else if (TEXT_MIME.test(file.mime)) {
      const pieces = splitBytes(file.data, maxBytes);
      pieces.forEach((data, i) => out.push({ ...file, name: partName(file.name, i + 1, pieces.length), data }));
      notes.push(`${file.name} (${mib(file.data.length)}) is over Discord's ${mib(maxBytes)} limit, so it comes in ${pieces.length} parts.`);
    } else {
      notes.push(`${file.name} (${mib(file.data.length)}) is over Discord's ${mib(maxBytes)} attachment limit and was not attached. Ask for a text format (format=md or csv) or use \`portcullis chat\`, which writes files to disk.`);
    }
  }
  return { files: out, notes };
}
