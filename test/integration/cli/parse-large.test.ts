// `portcullis parse` as a user runs it (the built CLI, output to a file) on a generated nmap XML file of
// 500,000 open ports plus one host answering on 5,000: the JSON is one valid object with every port, the
// text has one row per port and the count, and the tarpit host is one finding, not 5,000 rows.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTo } from './parse-cli.js';

const HOSTS = 1000;
const PORTS_PER_HOST = 500;
const TARPIT = '10.255.0.1';

function hostXml(ip: string, ports: number[]): string {
  const rows = ports.map((p) => `<port protocol="tcp" portid="${p}"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="unknown" method="table" conf="3"/></port>`);
  return `<host starttime="1" endtime="2"><status state="up" reason="user-set" reason_ttl="0"/>\n<address addr="${ip}" addrtype="ipv4"/>\n<hostnames>\n</hostnames>\n<ports>${rows.join('\n')}\n</ports>\n</host>\n`;
}

async function writeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<nmaprun scanner="nmap" args="nmap -sS -p 20000-20499" start="1" version="7.93" xmloutputversion="1.05">\n');
  // Ports 20000–20499 match no exposure rule: every port is one "open port" finding.
  const ports = Array.from({ length: PORTS_PER_HOST }, (_, i) => 20000 + i);
  for (let host = 0; host < HOSTS; host += 1) {
    if (!out.write(hostXml(`10.0.${host >> 8}.${host & 255}`, ports))) await once(out, 'drain');
    if (host === 500) out.write(hostXml(TARPIT, Array.from({ length: 5000 }, (_, i) => i + 1)));
  }
  out.end('<runstats><finished time="3" exit="success"/></runstats>\n</nmaprun>\n');
  await once(out, 'finish');
}

describe('portcullis parse on 500,000 open ports', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pcl-parse-large-'));
    file = join(dir, 'big.xml');
    await writeFile(file);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--json: one valid object with every port and finding, the tarpit host as one finding', async () => {
    const out = join(dir, 'out.json');
    const { code, stderr } = await parseTo([file, '--json'], out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('{"status":"completed","openPorts":[')).toBe(true);
    const result = JSON.parse(text) as { status: string; openPorts: Array<{ ip: string; port: number }>; findings: Array<{ severity: string; title: string; ip: string; port: number }> };
    expect(result.openPorts).toHaveLength(HOSTS * PORTS_PER_HOST);
    expect(result.openPorts.some((p) => p.ip === TARPIT)).toBe(false);
    expect(result.openPorts[0]).toEqual({ ip: '10.0.0.0', port: 20000, protocol: 'tcp', service: 'unknown', product: null, version: null });
    expect(new Set(result.openPorts.map((p) => `${p.ip}:${p.port}`)).size).toBe(HOSTS * PORTS_PER_HOST);
    expect(result.findings).toHaveLength(HOSTS * PORTS_PER_HOST + 1);
    // Most severe first: the tarpit (low) before the 500,000 open-port infos.
    expect(result.findings[0]).toEqual({ severity: 'low', title: `${TARPIT} answers on 5000 ports: likely a SYN proxy or tarpit`, ip: TARPIT, port: 0 });
    expect(result.findings.slice(1).every((f) => f.severity === 'info')).toBe(true);
  }, 180_000);

  it('text: a row per port, the count, the findings, without measuring every row', async () => {
    const out = join(dir, 'out.txt');
    const { code } = await parseTo([file], out);
    expect(code).toBe(0);
    let rows = 0;
    let findings = 0;
    const tail: string[] = [];
    for await (const line of createInterface({ input: createReadStream(out), crlfDelay: Infinity })) {
      if (/^ {2}10\.\d+\.\d+\.\d+ +\d+\/tcp +unknown$/.test(line)) rows += 1;
      else if (line.startsWith('  [INFO] ') || line.startsWith('  [LOW] ')) findings += 1;
      else tail.push(line);
    }
    expect(rows).toBe(HOSTS * PORTS_PER_HOST);
    expect(findings).toBe(HOSTS * PORTS_PER_HOST + 1);
    expect(tail).toEqual(expect.arrayContaining(['Status: completed', 'Open ports:', `${HOSTS * PORTS_PER_HOST} open port(s).`, `Findings (${HOSTS * PORTS_PER_HOST + 1}):`]));
  }, 180_000);
});
