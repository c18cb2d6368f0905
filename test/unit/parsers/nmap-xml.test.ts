import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OpenPort } from '../../../scanner/types.js';
import { parseNmapXml } from '../../../scanner/parsers/nmap-xml.js';
import { fixturePath, fixtureText } from './fixtures.js';

const brief = (ports: OpenPort[]) => ports.map((p) => `${p.ip} ${p.port}/${p.protocol} ${p.service ?? '-'}`);

/** The file as a stream of tiny chunks, so every tag boundary falls across chunks somewhere. */
function trickle(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

describe('parseNmapXml on real nmap output', () => {
  it('reads the open ports of a SYN + version scan with product, version, ttl, and leaves closed ports out', async () => {
    const result = await parseNmapXml(createReadStream(fixturePath('nmap/syn-sv.xml')));
    expect(result.finished).toBe(true);
    expect(result.hosts).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(result.openPorts).toEqual([
      { ip: '198.18.77.2', port: 22, protocol: 'tcp', state: 'open', service: 'ssh', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u10 (protocol 2.0)', ttl: 64, cpes: ['cpe:/a:openbsd:openssh:9.2p1', 'cpe:/o:linux:linux_kernel'] },
      { ip: '198.18.77.2', port: 6379, protocol: 'tcp', state: 'open', service: 'redis', product: 'Redis key-value store', version: '7.0.15', ttl: 64, cpes: ['cpe:/a:redislabs:redis:7.0.15'] },
      { ip: '198.18.77.2', port: 8080, protocol: 'tcp', state: 'open', service: 'http', product: 'SimpleHTTPServer', version: '0.6 (Python 3.11.7)', ttl: 64, cpes: ['cpe:/a:python:simplehttpserver:0.6'] },
    ]);
  });

  it('reads a connect scan, which has no ttl', async () => {
    const result = await parseNmapXml(fixtureText('nmap/connect.xml'));
    expect(brief(result.openPorts)).toEqual(['198.18.77.2 22/tcp ssh', '198.18.77.2 6379/tcp redis', '198.18.77.2 8080/tcp http-proxy']);
    expect(result.openPorts.every((p) => p.ttl === undefined)).toBe(true);
  });

  it('takes the banner from the banner script and keeps every script output by id', async () => {
    const result = await parseNmapXml(readFileSync(fixturePath('nmap/syn-sv-banner.xml')));
    const ssh = result.openPorts.find((p) => p.port === 22);
    expect(ssh?.banner).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10');
    expect(result.openPorts.find((p) => p.port === 8080)?.scripts).toEqual({ 'http-server-header': 'SimpleHTTP/0.6 Python/3.11.7' });
  });

  it('calls onHost once per host with that host’s open ports', async () => {
    const seen: string[] = [];
    const result = await parseNmapXml(fixtureText('nmap/multi-host.xml'), (ports, host) => seen.push(`${host.ip}:${ports.map((p) => p.port).join(',')}:${host.ports.length}`));
    expect(seen).toEqual(['198.18.77.2:22,6379,8080:4', '198.18.77.3:8000:4']);
    expect(result.hosts).toBe(2);
    expect(result.openPorts).toHaveLength(4);
  });

  it('with collect: false delivers ports only to onHost', async () => {
    let delivered = 0;
    const result = await parseNmapXml(fixtureText('nmap/multi-host.xml'), (ports) => (delivered += ports.length), { collect: false });
    expect(delivered).toBe(4);
    expect(result.openPorts).toEqual([]);
  });

  it('writes a service nmap found behind TLS as ssl/NAME, on both host parsers', async () => {
    for (const hostParser of ['auto', 'fxp'] as const) {
      const result = await parseNmapXml(fixtureText('nmap/tls-service.xml'), undefined, { hostParser });
      expect(brief(result.openPorts)).toEqual(['198.18.99.2 8443/tcp ssl/http']);
      expect(result.openPorts[0]?.product).toBe('OpenSSL s_server -www httpd');
    }
  });

  it('does not count UDP open|filtered as open, and says how many there were', async () => {
    const result = await parseNmapXml(fixtureText('nmap/udp.xml'));
    expect(result.openPorts).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('1 port(s) open|filtered')]);
  });

  it('keeps the last <taskprogress> of XML written with --stats-every', async () => {
    const result = await parseNmapXml(fixtureText('nmap/stats-every.xml-stdout.txt'));
    expect(result.progress).toEqual({ percent: 98.27, phase: 'SYN Stealth Scan' });
    expect(brief(result.openPorts)).toEqual(['198.18.77.2 22/tcp ssh']);
  });

  it.each([1, 7, 64, 4096])('gives the same result when the stream arrives in %i-byte chunks', async (size) => {
    const text = fixtureText('nmap/multi-host.xml');
    const whole = await parseNmapXml(text);
    expect(await parseNmapXml(trickle(text, size))).toEqual(whole);
  });
});

describe('parseNmapXml: fast path and fast-xml-parser path agree', () => {
  const files = [
    'nmap/syn-sv.xml', 'nmap/connect.xml', 'nmap/syn-sv-banner.xml', 'nmap/multi-host.xml', 'nmap/udp.xml', 'nmap/stats-every.xml-stdout.txt',
    'hostile/nmap-chat-mentions.xml', 'hostile/nmap-billion-laughs.xml', 'hostile/nmap-xxe.xml', 'hostile/nmap-xxe-fxp-path.xml', 'hostile/nmap-truncated-second-host.xml',
  ];
  it.each(files)('%s', async (file) => {
    const seenFast: unknown[] = [];
    const seenFxp: unknown[] = [];
    const fast = await parseNmapXml(fixtureText(file), (_, host) => seenFast.push(host));
    const fxp = await parseNmapXml(fixtureText(file), (_, host) => seenFxp.push(host), { hostParser: 'fxp' });
    expect(fast.openPorts.length).toBeGreaterThan(file.includes('udp') ? -1 : 0);
    expect(fast).toEqual(fxp);
    expect(seenFast).toEqual(seenFxp);
  });
});
