import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../cli/commands/parse.js';
import { fixturePath } from './fixtures.js';

/** Runs `portcullis parse ARGS` in-process and captures what it prints. */
async function parse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('portcullis parse', () => {
  it('prints one JSON object with the open ports and the findings of real nmap output (exposed redis is critical)', async () => {
    const { code, stdout } = await parse(fixturePath('nmap/syn-sv.xml'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { status: string; openPorts: Array<{ port: number; service: string }>; findings: Array<{ severity: string; port: number }> };
    expect(result.status).toBe('completed');
    expect(result.openPorts.map((p) => `${p.port} ${p.service}`)).toEqual(['22 ssh', '6379 redis', '8080 http']);
    expect(result.findings).toContainEqual(expect.objectContaining({ severity: 'critical', port: 6379 }));
  });

  it('detects masscan list output and prints a table for people', async () => {
    const { code, stdout } = await parse(fixturePath('masscan/banners.list'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/198\.18\.77\.3\s+8000\/tcp/);
    expect(stdout).toContain('Findings (');
  });

  it('honours --format and fails with exit 1 and a clear message when the file is not in it', async () => {
    const { code, stderr } = await parse(fixturePath('masscan/ports.list'), '--format', 'nmap-xml');
    expect(code).toBe(1);
    expect(stderr).toContain('not nmap XML output');
  });

  it('unrecognised content: exit 1, the message names the formats, --json still prints one object', async () => {
    const { code, stdout, stderr } = await parse(fixturePath('hostile/not-a-scan.txt'), '--json');
    expect(code).toBe(1);
    expect(stderr).toContain('masscan-ndjson');
    expect(JSON.parse(stdout)).toMatchObject({ status: 'failed', openPorts: [], findings: [], error: expect.stringContaining('Unrecognised') });
  });

  it.each([
    [[], 'give the FILE'],
    [['a', 'b'], 'exactly one FILE'],
    [['x', '--format', 'pcap'], 'unknown format'],
    [['x', '--verbose'], 'Unknown option'],
    [['/nonexistent/scan.xml'], 'no such file'],
  ])('usage error %j: exit 2 with the usage', async (args, message) => {
    const { code, stderr } = await parse(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: portcullis parse FILE');
  });
});
