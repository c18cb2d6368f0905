import { describe, expect, it } from 'vitest';
import { parseNmapXml, MAX_HOST_BYTES } from '../../../scanner/parsers/nmap-xml.js';
import { MAX_FIELD_CHARS } from '../../../scanner/parsers/text-limits.js';
import { fixtureText } from './fixtures.js';

const ports = (result: { openPorts: Array<{ ip: string; port: number }> }) => result.openPorts.map((p) => `${p.ip}:${p.port}`);

describe('parseNmapXml on truncated output (nmap stopped mid-run)', () => {
  it('cut after the first host: keeps that host and warns', async () => {
    const result = await parseNmapXml(fixtureText('hostile/nmap-truncated-after-host.xml'));
    expect(result.finished).toBe(false);
    expect(ports(result)).toEqual(['198.18.77.2:22', '198.18.77.2:6379', '198.18.77.2:8080']);
    expect(result.warnings).toEqual([expect.stringContaining('ends before </nmaprun>')]);
  });

  it('cut in the second host: keeps the first, says the second is incomplete', async () => {
    const result = await parseNmapXml(fixtureText('hostile/nmap-truncated-second-host.xml'));
    expect(result.hosts).toBe(1);
    expect(ports(result)).toEqual(['198.18.77.2:22', '198.18.77.2:6379', '198.18.77.2:8080']);
    expect(result.warnings[0]).toMatch(/kept the 1 host\(s\).*incomplete/);
  });

  it.each(['nmap-truncated-mid-port.xml', 'nmap-truncated-in-close-tag.xml', 'nmap-truncated-in-root.xml'])('%s: no host, a warning, no error', async (file) => {
    const result = await parseNmapXml(fixtureText(`hostile/${file}`));
    expect(result.hosts).toBe(0);
    expect(result.openPorts).toEqual([]);
    expect(result.warnings[0]).toContain('ends before </nmaprun>');
  });

  it('empty output: no hosts and a warning that nmap wrote nothing', async () => {
    const result = await parseNmapXml('');
    expect(result).toMatchObject({ hosts: 0, finished: false, openPorts: [] });
    expect(result.warnings).toEqual([expect.stringContaining('empty')]);
  });
});

describe('parseNmapXml on hostile input', () => {
  it('never expands a billion-laughs entity', async () => {
    const result = await parseNmapXml(fixtureText('hostile/nmap-billion-laughs.xml'));
    expect(result.openPorts.find((p) => p.port === 6379)?.product).toBe('&lol9;');
    expect(JSON.stringify(result).length).toBeLessThan(2000);
  });

  it.each(['hostile/nmap-xxe.xml', 'hostile/nmap-xxe-fxp-path.xml'])('never resolves an external entity (%s)', async (file) => {
    const result = await parseNmapXml(fixtureText(file));
    const product = result.openPorts.find((p) => p.port === 22)?.product;
    expect(product).toMatch(/^&xxe;/);
    expect(JSON.stringify(result)).not.toContain('root:');
  });

  it('skips a host that carries its own DOCTYPE, resolving nothing', async () => {
    const result = await parseNmapXml(fixtureText('hostile/nmap-xxe-in-host.xml'));
    expect(result.hosts).toBe(0);
    expect(result.warnings).toEqual(['1 malformed <host> element(s) skipped']);
    expect(JSON.stringify(result)).not.toContain('root:');
  });

  it('keeps chat mentions and markup in banners as literal text', async () => {
    const result = await parseNmapXml(fixtureText('hostile/nmap-chat-mentions.xml'));
    expect(result.openPorts.find((p) => p.port === 22)?.banner).toBe('<!channel> @everyone <@U123ABC> *bold* <https://evil.example|click>');
    expect(result.openPorts.find((p) => p.port === 6379)?.product).toBe('<!here> @here');
  });

  it('skips a malformed host between good ones with one warning', async () => {
    const result = await parseNmapXml(fixtureText('hostile/nmap-malformed-host.xml'));
    expect(result.hosts).toBe(2);
    expect(ports(result)).toEqual(['198.18.77.2:22', '198.18.77.2:6379', '198.18.77.2:8080', '198.18.77.3:8000']);
    expect(result.warnings).toEqual([expect.stringMatching(/^1 (malformed <host>|<host> element\(s\) without)/)]);
  });

  it('refuses XML that is not nmap output with a PARSE_ERROR', async () => {
    await expect(parseNmapXml(fixtureText('hostile/not-xml.xml'))).rejects.toMatchObject({ code: 'PARSE_ERROR' });
  });

  it('truncates a 10 MB banner and says so', async () => {
    const huge = 'A'.repeat(10 * 1024 * 1024);
    const xml = fixtureText('nmap/syn-sv-banner.xml').replace('output="SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"', `output="${huge}"`);
    const result = await parseNmapXml(xml);
    const banner = result.openPorts.find((p) => p.port === 22)?.banner ?? '';
    expect(banner.length).toBeLessThan(MAX_FIELD_CHARS + 100);
    expect(banner.startsWith('AAAA')).toBe(true);
    expect(result.warnings.join(' ')).toContain('truncated');
  });

  it('skips a host element larger than the cap and still reads the hosts after it', async () => {
    const text = fixtureText('nmap/multi-host.xml');
    const first = text.indexOf('<host ');
    const giant = `<host><address addr="198.18.77.66" addrtype="ipv4"/><junk a="${'B'.repeat(MAX_HOST_BYTES + (4 << 20))}"/></host>\n`;
    const result = await parseNmapXml(text.slice(0, first) + giant + text.slice(first));
    expect(result.hosts).toBe(2);
    expect(result.finished).toBe(true);
    expect(result.warnings).toEqual([expect.stringContaining('larger than 32 MiB skipped')]);
  });

  it.each(['auto', 'fxp'] as const)('survives 100 000 nested junk elements inside a host (%s)', async (hostParser) => {
    const text = fixtureText('nmap/syn-sv.xml');
    const junk = '<j>'.repeat(100_000) + '</j>'.repeat(100_000);
    const xml = text.replace('<times ', `${junk}<times `);
    const result = await parseNmapXml(xml, undefined, { hostParser });
    expect(result.hosts + (result.warnings.some((w) => w.includes('malformed')) ? 1 : 0)).toBe(1);
  });
});
