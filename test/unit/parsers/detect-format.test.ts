import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatOfHead, parseScanOutput } from '../../../scanner/parsers/index.js';
import { fixturePath, fixtureText } from './fixtures.js';

describe('scanner output format detection', () => {
  it.each([
    ['nmap/syn-sv.xml', 'nmap-xml'],
    ['nmap/multi-host.xml', 'nmap-xml'],
    ['masscan/ports.ndjson', 'masscan-ndjson'],
    ['masscan/banners.json', 'masscan-json'],
    ['masscan/ports.list', 'masscan-list'],
    ['hostile/masscan-one-line.json', 'masscan-json'],
  ])('%s is %s', async (file, format) => {
    const result = await parseScanOutput(createReadStream(fixturePath(file)));
    expect(result.format).toBe(format);
    expect(result.openPorts.length).toBeGreaterThan(0);
  });

  it('detection reads the head of a stream without losing it', async () => {
    const detected = await parseScanOutput(createReadStream(fixturePath('masscan/banners.ndjson')));
    const forced = await parseScanOutput(fixtureText('masscan/banners.ndjson'), 'masscan-ndjson');
    expect(detected).toEqual(forced);
  });

  it('recognises list lines without the #masscan header and JSON records without the bracket', () => {
    expect(formatOfHead('open tcp 22 192.0.2.1 1690000000\n')).toBe('masscan-list');
    expect(formatOfHead('{   "ip": "192.0.2.1",   "timestamp": "1", "ports": [ ] }\n,\n')).toBe('masscan-json');
    expect(formatOfHead('\uFEFF  <?xml version="1.0"?>')).toBe('nmap-xml');
  });

  it.each(['hostile/empty.txt', 'hostile/blank.txt'])('%s is a PARSE_ERROR saying the file is empty', async (file) => {
    await expect(parseScanOutput(createReadStream(fixturePath(file)))).rejects.toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('empty') });
  });

  it('unknown content is a PARSE_ERROR naming every supported format', async () => {
    const error = await parseScanOutput(fixtureText('hostile/not-a-scan.txt')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARSE_ERROR' });
    for (const name of ['nmap-xml', 'masscan-ndjson', 'masscan-json', 'masscan-list']) expect((error as Error).message).toContain(name);
  });

  it('a format given explicitly is used even when it is wrong, and then fails clearly', async () => {
    await expect(parseScanOutput(fixtureText('masscan/ports.list'), 'masscan-ndjson')).rejects.toMatchObject({ code: 'PARSE_ERROR' });
  });
});
