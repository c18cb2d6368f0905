// Big benchmark inputs built from the real captured tool output in test/fixtures: the real <host> records
// (or masscan NDJSON lines) repeated with varying IP addresses up to a size. Written to bench/data/
// (gitignored) and reused while the fixtures and size are unchanged.
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/bench/lib/ or bench/lib/. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
const fixtures = join(projectRoot, 'test', 'fixtures');
export const dataDir = join(projectRoot, 'bench', 'data');

/** The n-th address of 10.0.0.0/8 (never scanned: only used as text in generated files). */
function ipOf(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

async function writeRepeated(path: string, head: string, records: string[], tail: string, targetBytes: number, ipToken: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(head);
  let written = head.length;
  let n = 0;
  while (written < targetBytes) {
    let batch = '';
    while (batch.length < 4 << 20) {
      const record = records[n % records.length] ?? '';
      batch += record.split(ipToken).join(ipOf(Math.floor(n / records.length) + 1));
      n += 1;
    }
    written += batch.length;
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end(tail);
  await once(out, 'finish');
}

function reusable(path: string, targetBytes: number): boolean {
  return existsSync(path) && statSync(path).size >= targetBytes && statSync(path).size < targetBytes + (8 << 20);
}

/** nmap XML of at least `targetBytes`, the host records of syn-sv-banner.xml and multi-host.xml repeated. */
export async function nmapXmlFile(targetBytes: number): Promise<string> {
  const path = join(dataDir, `nmap-${Math.round(targetBytes / 1e6)}mb.xml`);
  if (reusable(path, targetBytes)) return path;
  const hostsOf = (text: string) => [...text.matchAll(/<host [\s\S]*?<\/host>\n/g)].map((m) => m[0]);
  const banner = readFileSync(join(fixtures, 'nmap', 'syn-sv-banner.xml'), 'utf8');
  const multi = readFileSync(join(fixtures, 'nmap', 'multi-host.xml'), 'utf8');
  const records = [...hostsOf(banner), ...hostsOf(multi)].map((h) => h.replace(/198\.18\.77\.\d+/g, '@IP@'));
  const head = banner.slice(0, banner.indexOf('<host '));
  const tail = banner.slice(banner.indexOf('<runstats>'));
  await writeRepeated(path, head, records, tail, targetBytes, '@IP@');
  return path;
}

/** masscan NDJSON of at least `targetBytes`, the lines of banners.ndjson repeated. */
export async function masscanNdjsonFile(targetBytes: number): Promise<string> {
  const path = join(dataDir, `masscan-${Math.round(targetBytes / 1e6)}mb.ndjson`);
  if (reusable(path, targetBytes)) return path;
  const lines = readFileSync(join(fixtures, 'masscan', 'banners.ndjson'), 'utf8').split('\n').filter(Boolean);
  const records = lines.map((l) => `${l.replace(/198\.18\.77\.\d+/g, '@IP@')}\n`);
  await writeRepeated(path, '', records, '', targetBytes, '@IP@');
  return path;
}
