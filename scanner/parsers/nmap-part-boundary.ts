// Where an nmap XML file can be cut into parts that are parsed on their own (each on a thread): right after
// a `</host>`, the same place the streaming parser cuts its chunks, so every part holds whole hosts and
// the parts' results joined are the file's.
import { open } from 'node:fs/promises';
import { MAX_HOST_BYTES } from './nmap-xml.js';

const CLOSE_HOST = Buffer.from('</host>');
const READ_BYTES = 1 << 20;

/**
 * The offset just past the first `</host>` at or after `from`, looked for in at most MAX_HOST_BYTES
 * (a host is never larger); -1 when there is none there (then the file is not cut).
 */
export async function nmapPartBoundary(file: string, from: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(READ_BYTES + CLOSE_HOST.length);
    // buffer[0, carried) holds the last bytes of the previous read: a `</host>` may start there.
    let carried = 0;
    for (let at = from; at < from + MAX_HOST_BYTES; ) {
      const { bytesRead } = await handle.read(buffer, carried, READ_BYTES, at);
      if (bytesRead === 0) return -1;
      const filled = carried + bytesRead;
      const found = buffer.subarray(0, filled).indexOf(CLOSE_HOST);
      if (found !== -1) return at - carried + found + CLOSE_HOST.length;
      const keep = Math.min(CLOSE_HOST.length - 1, filled);
      buffer.copy(buffer, 0, filled - keep, filled);
      carried = keep;
      at += bytesRead;
    }
    return -1;
  } finally {
    await handle.close();
  }
}
