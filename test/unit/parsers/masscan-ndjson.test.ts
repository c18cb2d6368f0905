// The NDJSON parser's two paths (byte-level fast path, JSON.parse) on unusual lines, chunk boundaries at
// every offset, the streaming mode (`collect: false`) with its bounded window, and hostile input.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMasscanJson, parseMasscanList, parseMasscanNdjson } from '../../../scanner/parsers/masscan.js';
import type { OpenPort } from '../../../scanner/types.js';
import { fixturePath, fixtureText } from './fixtures.js';

const status = (ip: string, port: number, extra = '') =>
  `{"ip":"${ip}","timestamp":"1795311919","port":${port},"proto":"tcp","rec_type":"status","data":{"status":"open","reason":"syn-ack","ttl":64${extra}}}`;
const banner = (ip: string, port: number, name: string, text: string) =>
  `{"ip":"${ip}","timestamp":"1795311925","port":${port},"proto":"tcp","rec_type":"banner","data":{"service_name":"${name}","banner":"${text}"}}`;

/** Lines the fast path must read exactly as JSON.parse does, or leave to it. */
const UNUSUAL = [
  status('198.18.77.2', 22),
  banner('198.18.77.2', 22, 'ssh', 'SSH-2.0-\\"quoted\\" \\\\ back\\/slash \\t tab \\u0000 nul'),
  banner('198.18.77.2', 22, 'title', 'caf\u00e9 \u2603 \ud83d\ude00 \\u00e9\\u2603\\ud83d\\ude00 lone \\ud800'),
  `${banner('198.18.77.3', 80, 'http', 'HTTP/1.1 200 OK\\r\\n')}\r`,
  `${status('198.18.77.3', 443)}\r`,
  banner('198.18.77.3', 443, 'X509', 'bad escape \\x41'),
  banner('198.18.77.3', 443, 'ssl', 'raw\tcontrol'),
  banner('198.18.77.3', 443, 'ss\\u006c', 'escaped name'),
  '{"ip":"198.18.77.4","timestamp":"1","port":8080,"proto":"udp","rec_type":"status","data":{"status":"open"}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":8081,"proto":"tcp","rec_type":"status","data":{"status":"closed","reason":"rst","ttl":0}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":0080,"proto":"tcp","rec_type":"status","data":{"status":"open"}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":81.0,"proto":"tcp","rec_type":"status","data":{"status":"open"}}',
  '{"ip":"198.18.077.4","timestamp":"1","port":82,"proto":"tcp","rec_type":"status","data":{"status":"open"}}',
  '{"ip":"2001:db8::1","timestamp":"1","port":83,"proto":"tcp","rec_type":"status","data":{"status":"open","ttl":57}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":84,"proto":"tcp","rec_type":"status","data":{"status":"op\\u0065n","ttl":999}}',
  ' {"ip":"198.18.77.4","timestamp":"1","port":85,"proto":"tcp","rec_type":"status","data":{"status":"open"}} ',
  '{"timestamp":"1","ip":"198.18.77.4","port":86,"proto":"tcp","rec_type":"status","data":{"status":"open"}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":87,"proto":"tcp","rec_type":"status","data":{"status":"open"}}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":88,"proto":"icmp","rec_type":"status","data":{"status":"open"}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":89,"proto":"tcp","rec_type":"banner","data":{"service_name":"x","banner":"unterminated}}',
  '{"ip":"198.18.77.4","timestamp":"1","port":90,"proto":"tcp","rec_type":"banner","data":{"service_name":"x","banner":"a","extra":1}}',
  '{x}',
  '\u00ff\u00fe binary',
  '',
].join('\n');

/** Deliveries merged by ip/port/protocol as a streaming consumer does (a later delivery's fields win). */
function upsert(deliveries: OpenPort[][]): OpenPort[] {
  const merged = new Map<string, OpenPort>();
  for (const port of deliveries.flat()) {
    const key = `${port.ip} ${port.port}/${port.protocol}`;
    const seen = merged.get(key);
    const scripts = seen?.scripts || port.scripts ? { scripts: { ...seen?.scripts, ...port.scripts } } : {};
    merged.set(key, { ...seen, ...port, ...scripts });
  }
  return [...merged.values()];
}

const byKey = (ports: OpenPort[]) => [...ports].sort((a, b) => `${a.ip} ${a.port}`.localeCompare(`${b.ip} ${b.port}`));

function chunked(bytes: Buffer, ...cuts: number[]): Readable {
  const bounds = [0, ...cuts, bytes.length];
  return Readable.from(bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end)));
}

describe('masscan NDJSON fast path', () => {
  it('agrees with JSON.parse on escapes, unicode, CRLF, odd numbers, IPv6 and broken lines', async () => {
    const fast = await parseMasscanNdjson(UNUSUAL);
    expect(fast).toEqual(await parseMasscanNdjson(UNUSUAL, undefined, { fast: false }));
    const ssh = fast.openPorts.find((p) => p.port === 22);
    expect(ssh?.banner).toBe('SSH-2.0-"quoted" \\ back/slash \t tab \u0000 nul');
    expect(ssh?.scripts?.['masscan-title']).toBe('café ☃ 😀 é☃😀 lone \ud800');
    expect(fast.openPorts.find((p) => p.port === 80)?.banner).toBe('HTTP/1.1 200 OK\r\n');
    expect(fast.openPorts.find((p) => p.port === 443)?.service).toBe('ssl');
    expect(fast.openPorts.find((p) => p.ip === '2001:db8::1')?.ttl).toBe(57);
    expect(fast.openPorts.map((p) => p.port).sort((a, b) => a - b)).toEqual([22, 80, 81, 83, 84, 85, 86, 90, 443, 8080]);
    expect(fast.warnings).toEqual(['8 malformed line(s) skipped']);
  });

  it.each(['masscan/banners.ndjson', 'masscan/ports.ndjson'])('gives the same result with the stream cut at every byte offset of %s', async (file) => {
    const bytes = Buffer.from(fixtureText(file));
    const whole = await parseMasscanNdjson(bytes);
    for (let cut = 1; cut < bytes.length; cut++) expect(await parseMasscanNdjson(chunked(bytes, cut))).toEqual(whole);
  });

  it('gives the same result with the unusual lines cut at every byte offset', async () => {
    const bytes = Buffer.from(UNUSUAL);
    const whole = await parseMasscanNdjson(bytes);
    for (let cut = 1; cut < bytes.length; cut += 7) expect(await parseMasscanNdjson(chunked(bytes, cut, Math.min(bytes.length, cut + 150)))).toEqual(whole);
  });
});

describe('masscan parsers delivering ports in batches', () => {
  it('collecting: onPorts sees exactly the ports of the result', async () => {
    const deliveries: OpenPort[][] = [];
    const result = await parseMasscanNdjson(fixtureText('masscan/banners.ndjson'), (ports) => deliveries.push(ports));
    expect(deliveries.flat()).toEqual(result.openPorts);
  });

  it.each([
    ['ndjson', parseMasscanNdjson],
    ['json', parseMasscanJson],
    ['list', parseMasscanList],
  ] as const)('%s with collect: false: nothing collected, the batches are the collected ports', async (kind, parse) => {
    const collected = await parse(fixtureText(`masscan/banners.${kind}`));
    const deliveries: OpenPort[][] = [];
    const streamed = await parse(fixtureText(`masscan/banners.${kind}`), (ports) => deliveries.push(ports), { collect: false });
    expect(streamed).toEqual({ openPorts: [], warnings: collected.warnings });
    expect(byKey(deliveries.flat())).toEqual(byKey(collected.openPorts));
  });

  it('a banner that comes after its port left a tiny window is delivered as an update that merges to the same ports', async () => {
    const text = fixtureText('masscan/banners.ndjson');
    const deliveries: OpenPort[][] = [];
    await parseMasscanNdjson(text, (ports) => deliveries.push(ports), { collect: false, window: { ports: 2 } });
    const ports = deliveries.flat();
    expect(ports.filter((p) => p.port === 22)).toHaveLength(2);
    expect(ports.find((p) => p.port === 22)?.banner).toBeUndefined();
    expect(byKey(upsert(deliveries))).toEqual(byKey((await parseMasscanNdjson(text)).openPorts));
  });

  it('hands ports over while the input is still being read (memory bounded by the window, not the output)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => status(`198.18.${(i >> 8) & 255}.${i & 255}`, 80));
    let delivered = 0;
    let deliveredBeforeEnd = -1;
    async function* source() {
      for (let i = 0; i < lines.length; i += 1000) yield Buffer.from(`${lines.slice(i, i + 1000).join('\n')}\n`);
      deliveredBeforeEnd = delivered;
    }
    await parseMasscanNdjson(source(), (ports) => (delivered += ports.length), { collect: false, window: { ports: 1000 } });
    expect(delivered).toBe(20_000);
    expect(deliveredBeforeEnd).toBeGreaterThanOrEqual(18_000);
  });

  it('the banner text held bounds the window too', async () => {
    const text = [status('198.18.77.2', 1), banner('198.18.77.2', 1, 'http', 'A'.repeat(600)), status('198.18.77.2', 2), banner('198.18.77.2', 2, 'http', 'B'.repeat(600)), status('198.18.77.2', 3)].join('\n');
    const deliveries: OpenPort[][] = [];
    await parseMasscanNdjson(text, (ports) => deliveries.push(ports), { collect: false, window: { ports: 100, bannerChars: 1000 } });
    expect(deliveries.flat().map((p) => p.port)).toEqual([1, 2, 3]);
    expect(deliveries).toHaveLength(2);
  });

  it('refuses a window of no ports', async () => {
    await expect(parseMasscanNdjson(fixtureText('masscan/ports.ndjson'), undefined, { collect: false, window: { ports: 0 } })).rejects.toThrow(/window/);
  });
});

describe('masscan NDJSON on hostile input', () => {
  it('a 10 MB line of binary junk and invalid UTF-8 between real records: records kept, junk counted', async () => {
    const junk = Buffer.alloc(10 << 20);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + (i >> 5)) & 0xff || 1;
    for (let i = 0; i < junk.length; i++) if (junk[i] === 10) junk[i] = 0xc3;
    const good = Buffer.from(fixtureText('masscan/ports.ndjson'));
    const input = Buffer.concat([good, junk, Buffer.from('\n\xff\xfe{"ip":"\xc3\x28"}\n', 'latin1'), good]);
    const result = await parseMasscanNdjson(Readable.from([input.subarray(0, 5 << 20), input.subarray(5 << 20)]));
    expect(result.openPorts).toHaveLength(4);
    expect(result.warnings).toEqual(['2 malformed line(s) skipped']);
    expect(await parseMasscanNdjson(input, undefined, { fast: false })).toEqual(result);
  });

  it('lets the event loop run while it reads a block of junk lines', async () => {
    const junk = Buffer.from('{x}\n'.repeat(1 << 16));
    let turns = 0;
    let stop = false;
    const tick = () => {
      turns += 1;
      if (!stop) setImmediate(tick);
    };
    setImmediate(tick);
    await expect(parseMasscanNdjson(Readable.from([junk]))).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    stop = true;
    expect(turns).toBeGreaterThan(16);
  });

  it('reads the real fixture from a file stream the same in both modes', async () => {
    const { createReadStream } = await import('node:fs');
    const deliveries: OpenPort[][] = [];
    await parseMasscanNdjson(createReadStream(fixturePath('masscan/banners.ndjson'), { highWaterMark: 16 }), (p) => deliveries.push(p), { collect: false });
    expect(byKey(deliveries.flat())).toEqual(byKey((await parseMasscanNdjson(fixtureText('masscan/banners.ndjson'))).openPorts));
  });
});
