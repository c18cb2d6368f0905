// Port lines, the compact form a batch's open ports travel in from a scanner to COPY: what a scanner
// encodes reads back as the port, and ingest refuses, line by line, anything COPY would read as more than
// the plain values of those columns (it hands the checked lines to COPY as they are).
import { describe, expect, it } from 'vitest';
import { checkPortLines, encodePortLine, joinPortLines, portLinesOf, readPortLine } from '../../../core/events/port-lines.js';

const good = encodePortLine({ ip: '203.0.113.5', port: 443, protocol: 'tcp', state: 'open', service: 'https', product: 'nginx', version: '1.25', banner: 'a\tb', ttl: 64, scripts: { 'ssl-cert': 'CN=a' }, cpes: ['cpe:/a:igor_sysoev:nginx:1.25', 'cpe:/o:linux:linux_kernel'] });
const fields = good.split('\t');
const withField = (i: number, value: string) => fields.map((f, k) => (k === i ? value : f)).join('\t');
const lines = (parts: string[]) => parts.flatMap((p) => p.split('\n'));

const hostile: Array<[string, string]> = [
  ['a twelfth field', `${good}\tx`],
  ['nine fields', fields.slice(0, 9).join('\t')],
  ['a port out of range', withField(1, '65536')],
  ['a port that is not a number', withField(1, '44x')],
  ['another protocol', withField(2, 'icmp')],
  ['a null state', withField(3, '\\N')],
  ['an octal escape (a NUL once COPY reads it)', withField(4, 'a\\000b')],
  ['a hex escape', withField(5, '\\x41')],
  ['\\N inside a value', withField(5, 'a\\Nb')],
  ['a backslash ending a field', withField(6, 'a\\')],
  ['a carriage return', withField(7, 'a\rb')],
  ['a NUL', withField(7, 'a\u0000b')],
  ['a banner past 20,000 characters once read', withField(7, 'b'.repeat(19_999) + '\\t\\t')],
  ['a state past 32 characters', withField(3, 's'.repeat(33))],
  ['an address past 64 characters', withField(0, '1'.repeat(65))],
  ['a negative ttl', withField(8, '-1')],
  ['scripts that are not JSON', withField(9, '{nope')],
  ['scripts with a numeric output', withField(9, '{"a":1}')],
  ['scripts that are an array', withField(9, '["a"]')],
  ['cpes that are not an array literal', withField(10, 'cpe:/a:x:y')],
  ['a cpe with a quote (an array literal of more than the names)', withField(10, '{"cpe:/a:x"y"}')],
  ['a cpe with a backslash', withField(10, '{"cpe:/a:x\\\\y"}')],
  ['a cpe with a brace', withField(10, '{"cpe:/a:{x}"}')],
  ['an empty cpe', withField(10, '{""}')],
  ['an unquoted cpe list', withField(10, '{cpe:/a:x,cpe:/a:y}')],
  ['seventeen cpes', withField(10, `{${Array.from({ length: 17 }, (_, i) => `"cpe:/a:x:${i}"`).join(',')}}`)],
  ['a cpe past 200 characters', withField(10, `{"${'c'.repeat(201)}"}`)],
];

describe('port lines', () => {
  it('reads back what the scanner encoded, and passes good lines through unchanged', () => {
    expect(readPortLine(good)).toEqual({
      ip: '203.0.113.5', port: 443, protocol: 'tcp', state: 'open', service: 'https', product: 'nginx', version: '1.25', banner: 'a\tb', ttl: 64, scripts: { 'ssl-cert': 'CN=a' },
      cpes: ['cpe:/a:igor_sysoev:nginx:1.25', 'cpe:/o:linux:linux_kernel'],
    });
    expect(checkPortLines([good], 1)).toEqual({ parts: [good], count: 1, skipped: 0 });
  });

  it('ships only CPE names a line can carry (at most 16), and none as \\N', () => {
    const odd = ['cpe:/a:x:"quoted"', 'cpe:/a:back\\slash', 'cpe:/a:{brace}', '', 'cpe:/a:ok:1', 'c'.repeat(201), ...Array.from({ length: 20 }, (_, i) => `cpe:/a:n:${i}`)];
    const line = encodePortLine({ ip: '203.0.113.5', port: 1, protocol: 'tcp', state: 'open', cpes: odd });
    expect(readPortLine(line).cpes).toEqual(['cpe:/a:ok:1', ...Array.from({ length: 15 }, (_, i) => `cpe:/a:n:${i}`)]);
    expect(checkPortLines([line], 1)?.count).toBe(1);
    expect(readPortLine(encodePortLine({ ip: '203.0.113.5', port: 1, protocol: 'tcp', state: 'open', cpes: ['"'] })).cpes).toBeNull();
  });

  it('takes lines of a scanner from before CPEs were shipped (ten fields), storing no CPEs', () => {
    const old = fields.slice(0, 10).join('\t');
    const checked = checkPortLines([`${old}\n${good}`], 2);
    expect(lines([...checked!.parts])).toEqual([`${old}\t\\N`, good]);
    expect(readPortLine(lines([...checked!.parts])[0]!).cpes).toBeNull();
  });

  it.each(hostile)('refuses a batch with %s', (_what, line) => {
    expect(checkPortLines([`${good}\n${line}`], 2)).toBeNull();
  });

  it('refuses a batch whose line count is not the one announced', () => {
    expect(checkPortLines([`${good}\n${good}`], 1)).toBeNull();
    expect(checkPortLines([`${good}\n${good}`], 3)).toBeNull();
    expect(checkPortLines([], 0)).toEqual({ parts: [], count: 0, skipped: 0 });
  });

  it('skips and counts addresses PostgreSQL would refuse, keeping the other lines in order', () => {
    const v6 = withField(0, '2001:db8::1');
    const checked = checkPortLines([`${good}\n${withField(0, '999.1.1.1')}\n${v6}`, `${withField(0, 'fe80::1%eth0')}\n${withField(0, '01.2.3.4')}`], 5);
    expect(checked).toMatchObject({ count: 2, skipped: 3 });
    expect(lines([...checked!.parts])).toEqual([good, v6]);
  });

  it('re-encodes scripts without NUL escapes jsonb refuses', () => {
    const checked = checkPortLines([withField(9, '{"a":"x\\\\u0000y","b\\\\u0000":"z"}')], 1);
    expect(readPortLine(checked!.parts[0]!).scripts).toEqual({ a: 'xy', b: 'z' });
  });

  it('turns ports in memory into checked parts of about 32 KiB, skipping what cannot be stored', () => {
    const ports = Array.from({ length: 3000 }, (_, i) => ({ ip: `198.51.100.${i % 250}`, port: i, protocol: 'tcp', state: 'open' }));
    const checked = portLinesOf([...ports, { ip: 'nope', port: 1, protocol: 'tcp', state: 'open' }, { ip: '198.51.100.1', port: 70_000, protocol: 'tcp', state: 'open' }]);
    expect(checked).toMatchObject({ count: 3000, skipped: 2 });
    expect(checked.parts.length).toBeGreaterThan(1);
    expect(lines([...checked.parts]).map((l) => readPortLine(l).port)).toEqual(ports.map((p) => p.port));
    expect(joinPortLines([])).toEqual([]);
  });
});
