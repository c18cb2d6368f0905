import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMasscanJson, parseMasscanList, parseMasscanNdjson } from '../../../scanner/parsers/masscan.js';
import { MAX_FIELD_CHARS } from '../../../scanner/parsers/text-limits.js';
import type { OpenPort } from '../../../scanner/types.js';
import { fixturePath, fixtureText } from './fixtures.js';

const summary = (ports: OpenPort[]) => ports.map((p) => `${p.ip} ${p.port}/${p.protocol} ${p.service ?? '-'}`).sort();
const PORTS = ['198.18.77.2 22/tcp -', '198.18.77.2 6379/tcp -', '198.18.77.2 8080/tcp -', '198.18.77.3 8000/tcp -'];
const WITH_BANNERS = ['198.18.77.2 22/tcp ssh', '198.18.77.2 6379/tcp -', '198.18.77.2 8080/tcp http', '198.18.77.3 8000/tcp -'];
const parsers = { ndjson: parseMasscanNdjson, json: parseMasscanJson, list: parseMasscanList } as const;

describe('masscan parsers on real masscan output', () => {
  it.each(Object.keys(parsers) as Array<keyof typeof parsers>)('%s: finds exactly the open ports', async (kind) => {
    const result = await parsers[kind](createReadStream(fixturePath(`masscan/ports.${kind}`)));
    expect(summary(result.openPorts)).toEqual(PORTS);
    expect(result.warnings).toEqual([]);
  });

  it.each(Object.keys(parsers) as Array<keyof typeof parsers>)('%s with --banners: banners attach to their port, no extra rows', async (kind) => {
    const result = await parsers[kind](createReadStream(fixturePath(`masscan/banners.${kind}`)));
    expect(summary(result.openPorts)).toEqual(WITH_BANNERS);
    const ssh = result.openPorts.find((p) => p.port === 22);
    expect(ssh?.banner).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10');
    const http = result.openPorts.find((p) => p.port === 8080);
    expect(http?.banner).toMatch(/^HTTP\/1\.0 200 OK\r\nServer: SimpleHTTP\/0\.6 Python\/3\.11\.7\r\n/);
    expect(http?.scripts).toEqual({ 'masscan-http.server': 'SimpleHTTP/0.6 Python/3.11.7', 'masscan-title': 'Directory listing for /' });
  });

  it.each(['masscan/ports.ndjson', 'masscan/banners.ndjson', 'hostile/masscan-malformed.ndjson', 'hostile/masscan-chat-mentions.ndjson'])(
    'NDJSON fast path and JSON.parse path agree on %s',
    async (file) => {
      expect(await parseMasscanNdjson(fixtureText(file))).toEqual(await parseMasscanNdjson(fixtureText(file), undefined, { fast: false }));
    },
  );

  it('reads the ttl from NDJSON status records', async () => {
    const result = await parseMasscanNdjson(fixtureText('masscan/ports.ndjson'));
    expect(result.openPorts.every((p) => p.ttl === 64 && p.state === 'open')).toBe(true);
  });

  it.each([1, 3, 100])('NDJSON in %i-byte chunks gives the same result', async (size) => {
    const bytes = Buffer.from(fixtureText('masscan/banners.ndjson'));
    const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
    expect(await parseMasscanNdjson(Readable.from(chunks))).toEqual(await parseMasscanNdjson(bytes));
  });

  it('an empty output (nothing found) is an empty result, not an error', async () => {
    expect(await parseMasscanNdjson('')).toEqual({ openPorts: [], warnings: [] });
    expect(await parseMasscanList('#masscan\n# end\n')).toEqual({ openPorts: [], warnings: [] });
    expect(await parseMasscanJson('[\n]\n')).toEqual({ openPorts: [], warnings: [] });
  });
});

describe('masscan parsers on broken and hostile output', () => {
  it('NDJSON: malformed lines are counted in one warning, good lines kept, closed ports ignored', async () => {
    const result = await parseMasscanNdjson(fixtureText('hostile/masscan-malformed.ndjson'));
    expect(summary(result.openPorts)).toEqual(WITH_BANNERS);
    expect(result.warnings).toEqual(['5 malformed line(s) skipped']);
  });

  it('list: malformed lines are counted in one warning', async () => {
    const result = await parseMasscanList(fixtureText('hostile/masscan-malformed.list'));
    expect(summary(result.openPorts)).toEqual(WITH_BANNERS);
    expect(result.warnings).toEqual(['3 malformed line(s) skipped']);
  });

  it('NDJSON with no readable record at all is a PARSE_ERROR that names the format', async () => {
    await expect(parseMasscanNdjson(fixtureText('hostile/masscan-all-junk.ndjson'))).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('masscan NDJSON (-oD)') });
    await expect(parseMasscanList('hello\nworld\n')).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    await expect(parseMasscanJson('just text')).rejects.toMatchObject({ code: 'PARSE_ERROR' });
  });

  it('JSON as old masscan writes it: trailing commas and {finished: 1}', async () => {
    const result = await parseMasscanJson(fixtureText('hostile/masscan-old-style.json'));
    expect(summary(result.openPorts)).toEqual(WITH_BANNERS);
    expect(result.warnings).toEqual([]);
  });

  it('JSON on one line with a trailing comma', async () => {
    expect(summary((await parseMasscanJson(fixtureText('hostile/masscan-one-line.json'))).openPorts)).toEqual(WITH_BANNERS);
  });

  it('JSON cut mid-record without its closing bracket keeps the complete records', async () => {
    const result = await parseMasscanJson(fixtureText('hostile/masscan-killed.json'));
    expect(summary(result.openPorts)).toEqual(['198.18.77.2 22/tcp ssh', '198.18.77.2 6379/tcp -', '198.18.77.2 8080/tcp -', '198.18.77.3 8000/tcp -']);
    expect(result.warnings).toEqual(['1 malformed line(s) skipped']);
  });

  it('keeps chat mentions and escape characters in banners raw (escaping is the renderers’ job)', async () => {
    const [port] = (await parseMasscanNdjson(fixtureText('hostile/masscan-chat-mentions.ndjson'))).openPorts;
    expect(port?.banner).toBe('<!channel> @everyone <@U123ABC> \u001b[31mred');
  });

  it('truncates a 10 MB banner and says so', async () => {
    const line = JSON.stringify({ ip: '198.18.77.2', timestamp: '1', port: 80, proto: 'tcp', rec_type: 'banner', data: { service_name: 'http', banner: 'X'.repeat(10 << 20) } });
    const result = await parseMasscanNdjson(`${line}\n`);
    expect(result.openPorts[0]?.banner?.length).toBeLessThan(MAX_FIELD_CHARS + 100);
    expect(result.warnings).toEqual([expect.stringContaining('truncated')]);
  });

  it('drops a line longer than 32 MiB instead of buffering it, and reads the lines after it', async () => {
    const good = fixtureText('masscan/ports.ndjson');
    const megabyte = Buffer.alloc(1 << 20, '9');
    const chunks = [Buffer.from('{"ip":"'), ...Array.from({ length: 34 }, () => megabyte), Buffer.from(`"}\n${good}`)];
    const result = await parseMasscanNdjson(Readable.from(chunks));
    expect(summary(result.openPorts)).toEqual(PORTS);
    expect(result.warnings).toEqual(['1 malformed line(s) skipped']);
  });
});
