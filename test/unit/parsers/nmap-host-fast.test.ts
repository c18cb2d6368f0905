import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHostFast } from '../../../scanner/parsers/nmap-host-fast.js';
import { parseHostWithFxp } from '../../../scanner/parsers/nmap-host-fxp.js';
import { parseNmapXml } from '../../../scanner/parsers/nmap-xml.js';
import { fixturePath, fixtureText } from './fixtures.js';

const realHosts = readdirSync(fixturePath('nmap')).flatMap((file) => [...fixtureText(`nmap/${file}`).matchAll(/<host[\s>][\s\S]*?<\/host>/g)].map((m) => m[0]));
const fast = (xml: string) => parseHostFast(xml, 0, xml.length);
const host = (ports: string) => `<host><status state="up"/><address addr="198.18.1.2" addrtype="ipv4"/><ports>${ports}</ports></host>`;

describe('parseHostFast (the in-place host reader)', () => {
  it('reads every host of the real nmap fixtures itself, exactly as fast-xml-parser does', () => {
    expect(realHosts.length).toBeGreaterThan(5);
    for (const xml of realHosts) {
      const result = fast(xml);
      expect(result).not.toBeNull();
      expect(result).toEqual(parseHostWithFxp(xml));
    }
  });

  it('reads the host in place inside a larger text', () => {
    const xml = realHosts[0] ?? '';
    const text = `<nmaprun>\n${xml}\n${xml}</nmaprun>`;
    expect(parseHostFast(text, 10, 10 + xml.length)).toEqual(parseHostWithFxp(xml));
  });

  it('trims attribute values and decodes only the predefined entities, like the full path', () => {
    const xml = host('<port protocol="tcp" portid="22"><state state=" open "/><service name=" ssh " product="a &amp; &lt;b&gt; &lol; &#65;"/></port>');
    expect(fast(xml)).toEqual(parseHostWithFxp(xml));
    expect(fast(xml)?.ports[0]?.service).toEqual({ name: 'ssh', product: 'a & <b> &lol; A' });
  });

  it.each([
    ['a comment', host('<!-- x --><port protocol="tcp" portid="22"/>')],
    ['an attribute named like a child element', host('<port protocol="tcp" portid="22" state="open"><state state="closed"/></port>')],
    ['a child named like an attribute read', host('<port protocol="tcp" portid="22"><state state="open"><state/></state></port>')],
    ['a repeated <ports>', host('<port protocol="tcp" portid="22"/></ports><ports>')],
    ['a mismatched close tag', host('<port protocol="tcp" portid="22"><state state="open"/></prt>')],
    ['spaces around =', host('<port protocol = "tcp" portid="22"/>')],
    ['an unquoted value', host('<port protocol=tcp portid="22"/>')],
    ['a port number out of range', host('<port protocol="tcp" portid="70000"/>')],
    ['a quote in a tag name', host('<po"rt protocol="tcp" portid="22"/>')],
  ])('leaves %s to the full parser', (_, xml) => {
    expect(fast(xml)).toBeNull();
  });

  it('agrees with fast-xml-parser on 20 000 randomly damaged real hosts, or leaves them to it', () => {
    const pieces = ['<', '>', '"', "'", '=', ' ', '/', '&amp;', '\n', '<!-- x -->', '</port>', '<port protocol="tcp" portid="9">', ' state="open"', '<service name="x"/>', '</host>', '<ports>'];
    let seed = 12345;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let compared = 0;
    for (let i = 0; i < 20_000; i++) {
      let xml = realHosts[random(realHosts.length)] ?? '';
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(xml.length);
        xml = random(3) === 0 ? xml.slice(0, at) + xml.slice(at + 1 + random(5)) : xml.slice(0, at) + (pieces[random(pieces.length)] ?? '') + xml.slice(at);
      }
      const end = xml.indexOf('</host>');
      if (!xml.startsWith('<host') || end === -1) continue;
      xml = xml.slice(0, end + 7);
      const result = fast(xml);
      if (result === null) continue;
      compared += 1;
      expect(result).toEqual(parseHostWithFxp(xml));
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('gives the same results on both paths for output with CRLF line ends', async () => {
    const text = fixtureText('nmap/multi-host.xml').replace(/\n/g, '\r\n').replace('product="OpenSSH"', 'product="Open\rSSH"');
    const seen: unknown[][] = [[], []];
    const auto = await parseNmapXml(text, (_, h) => seen[0]?.push(h));
    const fxp = await parseNmapXml(text, (_, h) => seen[1]?.push(h), { hostParser: 'fxp' });
    expect(auto).toEqual(fxp);
    expect(seen[0]).toEqual(seen[1]);
    expect(auto.openPorts.find((p) => p.port === 22)?.product).toBe('Open\nSSH');
  });
});
