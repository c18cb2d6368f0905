// `portcullis parse` of a big nmap XML file in two parts on two threads (cli/parallel-parse/) prints exactly
// what one thread prints: the same bytes in JSON and text, on a generated file of unique hosts with real
// services (findings from critical to info), a host that answers everywhere, a host the fast path hands
// to the full parser, non-ASCII banners, closed ports, and a truncated copy (its warning). The one-thread
// output is the CLI run with one CPU (taskset), the parts output the CLI as users run it and
// parseInParts itself (built, in dist/), which must have taken the two-part path.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTo } from './parse-cli.js';

const root = join(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'bin', 'portcullis.js');
const HOSTS = 26_000;

function port(portid: number, service: string, extra = '', state = 'open'): string {
  return `<port protocol="tcp" portid="${portid}"><state state="${state}" reason="syn-ack" reason_ttl="64"/>${service}${extra}</port>`;
}

function hostXml(n: number): string {
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const ports = [
    port(22, '<service name="ssh" product="OpenSSH" version="8.9p1 Ubuntu 3ubuntu0.10" extrainfo="Ubuntu Linux; protocol 2.0" method="probed" conf="10"><cpe>cpe:/a:openbsd:openssh:8.9p1</cpe></service>'),
    port(80, `<service name="http" product="Apache httpd" version="2.4.49" extrainfo="Caf&#xe9; &amp; b&#xfc;ro ${n % 7} ☃" method="probed" conf="10"/>`),
    port(23, '<service name="telnet" method="table" conf="3"/>', '', 'closed'),
  ];
  if (n % 3 === 0) ports.push(port(6379, '<service name="redis" product="Redis key-value store" version="7.0.15" method="probed" conf="10"/>'));
  if (n % 5 === 0) ports.push(port(3389, '<service name="ms-wbt-server" method="table" conf="3"/>'));
  if (n % 11 === 0) ports.push(port(21, '<service name="ftp" product="vsftpd" version="2.3.4" method="probed" conf="10"/>', '<script id="banner" output="220 (vsFTPd 2.3.4) &#x2603;"/>'));
  // A comment: the fast path gives this host to fast-xml-parser.
  const comment = n % 997 === 0 ? '<!-- odd -->' : '';
  return `<host starttime="1" endtime="2"><status state="up" reason="syn-ack" reason_ttl="64"/>\n<address addr="${ip}" addrtype="ipv4"/>\n<hostnames><hostname name="h${n}.example.test" type="PTR"/></hostnames>\n${comment}<ports>${ports.join('\n')}</ports>\n</host>\n`;
}

async function writeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<nmaprun scanner="nmap" args="nmap -sS -sV" start="1" version="7.93" xmloutputversion="1.05">\n');
  for (let n = 0; n < HOSTS; n += 1) {
    if (!out.write(hostXml(n))) await once(out, 'drain');
    if (n === HOSTS / 2) {
      const all = Array.from({ length: 1500 }, (_, i) => port(i + 1, '<service name="unknown" method="table" conf="3"/>'));
      out.write(`<host><status state="up" reason="user-set" reason_ttl="0"/>\n<address addr="10.250.0.1" addrtype="ipv4"/>\n<ports>${all.join('\n')}</ports>\n</host>\n`);
    }
  }
  out.end('<runstats><finished time="3" exit="success"/></runstats>\n</nmaprun>\n');
  await once(out, 'finish');
}

async function cliOutput(args: string[], outFile: string, oneCpu: boolean): Promise<Buffer> {
  const { code, stderr } = await parseTo(args, outFile, { oneCpu });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return readFileSync(outFile);
}

describe('portcullis parse in two parts', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pcl-parse-parts-'));
    file = join(dir, 'big.xml');
    await writeFile(file);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the file is big enough for two parts', async () => {
    const { PARTS_MIN_BYTES } = (await import(join(root, 'dist', 'cli', 'parallel-parse', 'parse-in-parts.js'))) as { PARTS_MIN_BYTES: number };
    expect(statSync(file).size).toBeGreaterThan(PARTS_MIN_BYTES);
  });

  it('parseInParts takes the two-part path and writes what one thread prints (JSON)', async () => {
    const { parseInParts } = (await import(join(root, 'dist', 'cli', 'parallel-parse', 'parse-in-parts.js'))) as typeof import('../../../cli/parallel-parse/parse-in-parts.js');
    const { ResultWriter } = (await import(join(root, 'dist', 'cli', 'output', 'result-writer.js'))) as typeof import('../../../cli/output/result-writer.js');
    const { jsonRenderer } = (await import(join(root, 'dist', 'cli', 'output', 'json-renderer.js'))) as typeof import('../../../cli/output/json-renderer.js');
    const chunks: Buffer[] = [];
    const sink = { write: (chunk: string | Uint8Array) => (chunks.push(Buffer.from(chunk)), true), once: () => undefined };
    const writer = new ResultWriter(sink, jsonRenderer, 'completed');
    const parts = await parseInParts(file, statSync(file).size, undefined, writer, undefined, 1000);
    expect(parts).toBeDefined();
    await writer.finish({ status: 'completed', warnings: parts?.warnings ?? [] });
    await parts?.cleanup();
    const oneThread = await cliOutput([file, '--json'], join(dir, 'one.json'), true);
    expect(Buffer.concat(chunks).equals(oneThread)).toBe(true);
    const result = JSON.parse(oneThread.toString('utf8')) as { openPorts: unknown[]; findings: Array<{ severity: string; ip: string }> };
    expect(result.openPorts.length).toBeGreaterThan(HOSTS * 2);
    expect([...new Set(result.findings.map((f) => f.severity))]).toEqual(['critical', 'high', 'low', 'info']);
    expect(result.findings.filter((f) => f.ip === '10.250.0.1')).toHaveLength(1);
  }, 180_000);

  it('the CLI prints the same bytes in two parts as on one CPU, in JSON and in text', async () => {
    for (const args of [[file, '--json'], [file]]) {
      const parts = await cliOutput(args, join(dir, 'parts.out'), false);
      const one = await cliOutput(args, join(dir, 'one.out'), true);
      expect(parts.length).toBe(one.length);
      expect(parts.equals(one)).toBe(true);
    }
    expect(readFileSync(join(dir, 'one.out'), 'utf8')).toMatch(/Café & büro/);
  }, 180_000);

  it('a file cut short: the same ports and the same warning as one thread', async () => {
    const cut = join(dir, 'cut.xml');
    copyFileSync(file, cut);
    truncateSync(cut, statSync(file).size - 5000);
    const parts = await cliOutput([cut, '--json'], join(dir, 'cut-parts.json'), false);
    const one = await cliOutput([cut, '--json'], join(dir, 'cut-one.json'), true);
    expect(parts.equals(one)).toBe(true);
    expect((JSON.parse(parts.toString('utf8')) as { warnings: string[] }).warnings[0]).toMatch(/ends before <\/nmaprun>.*incomplete and left out/);
  }, 180_000);

  it('a reader that goes away (parse … | head): exit 0, no stack trace', async () => {
    const child = spawn(process.execPath, [cli, 'parse', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
