// A host that answers on every TCP port, next to a test host: a second address on the test host's link
// (198.18.N.3) whose every TCP connection the namespace's NAT table redirects to one listener, as a SYN
// proxy or tarpit in front of a real network does. Torn down with the test host (the namespace holds it).
import { execa } from 'execa';
import { ip } from './netns.js';
import type { TestHost } from './test-host.js';

/** The link device of the test host inside its namespace (the one holding host.ip). */
async function deviceOf(host: TestHost): Promise<string> {
  const lines = await ip(['netns', 'exec', host.netns, 'ip', '-o', '-4', 'addr', 'show']);
  const line = lines.split('\n').find((l) => l.includes(` ${host.ip}/`));
  const device = line?.split(/\s+/)[1];
  if (!device) throw new Error(`no device holds ${host.ip} in ${host.netns}`);
  return device;
}

/**
 * Adds 198.18.N.3 to the test host's link, answering SYNs on all 65,535 TCP ports by redirecting them to
 * `listenerPort` on the test host (a server must listen there). Returns the address.
 */
export async function addAnswerEverywhereAddress(host: TestHost, listenerPort: number): Promise<string> {
  const address = host.ip.replace(/\.2$/, '.3');
  await ip(['netns', 'exec', host.netns, 'ip', 'addr', 'add', `${address}/24`, 'dev', await deviceOf(host)]);
  const rule = ['-t', 'nat', '-A', 'PREROUTING', '-d', address, '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(listenerPort)];
  const result = await execa('ip', ['netns', 'exec', host.netns, 'iptables', ...rule], { reject: false, stdin: 'ignore' });
  if (result.exitCode !== 0) throw new Error(`iptables ${rule.join(' ')} failed (is iptables installed? apt-get install iptables): ${result.stderr}`);
  return address;
}
