// `rediss://` against a real redis-server serving TLS (Debian's redis-server is built with TLS), with a CA and
// a server certificate made here with openssl: the CA from REDIS_CA_FILE (or the tls option) is trusted, the
// certificate's name is checked (REDIS_TLS_SERVERNAME when the URL holds an address), a server the CA did not
// sign is refused, and BullMQ's connection (worker/queue-connection.ts) takes the same path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { connectRedis } from '../../../core/redis.js';
import { bullmqConnection } from '../../../worker/queue-connection.js';
import { freePort, startOwnRedis, type OwnRedis } from '../worker/own-redis.js';

const NAME = 'redis.portcullis.test';
let dir: string;
let own: OwnRedis;
let tlsUrl: string;
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore', timeout: 30_000 });
}

/** A CA, and a server certificate for NAME signed by it; a second CA that signed nothing here. */
function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=portcullis test CA');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('other-ca.key'), '-out', file('other-ca.crt'), '-days', '1', '-subj', '/CN=another CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${NAME}`);
  writeFileSync(file('ext'), `subjectAltName=DNS:${NAME}\n`);
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '1', '-extfile', file('ext'));
}

async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pcl-redis-tls-'));
  makeCertificates();
  const tlsPort = await freePort();
  own = await startOwnRedis(['--tls-port', String(tlsPort), '--tls-cert-file', file('server.crt'), '--tls-key-file', file('server.key'), '--tls-ca-cert-file', file('ca.crt'), '--tls-auth-clients', 'no']);
  tlsUrl = `rediss://127.0.0.1:${tlsPort}`;
}, 60_000);

afterAll(async () => {
  await own?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Redis over TLS', () => {
  it('connects with the CA and the server name given as options', async () => {
    const client = await connectRedis(tlsUrl, { tls: { caFile: file('ca.crt'), servername: NAME } });
    try {
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.destroy();
    }
  });

  it('takes REDIS_CA_FILE and REDIS_TLS_SERVERNAME from the environment', async () => {
    await withEnv({ REDIS_CA_FILE: file('ca.crt'), REDIS_TLS_SERVERNAME: NAME }, async () => {
      const client = await connectRedis(tlsUrl);
      try {
        expect(await client.ping()).toBe('PONG');
      } finally {
        client.destroy();
      }
    });
  });

  it('refuses a server the CA did not sign, and a certificate for another name', async () => {
    await expect(connectRedis(tlsUrl, { tls: { caFile: file('other-ca.crt'), servername: NAME }, timeoutMs: 2000 })).rejects.toThrow(/certificate|self.signed/i);
    await expect(connectRedis(tlsUrl, { tls: { caFile: file('ca.crt'), servername: 'redis.elsewhere.test' }, timeoutMs: 2000 })).rejects.toThrow(/altnames|does not match|Hostname/i);
  });

  it('BullMQ queues connect over TLS through the same client factory', async () => {
    await withEnv({ REDIS_CA_FILE: file('ca.crt'), REDIS_TLS_SERVERNAME: NAME }, async () => {
      const queue = new Queue(`tls-${process.pid}`, { connection: bullmqConnection(tlsUrl), prefix: 'pcl-tls-test' });
      try {
        await queue.add('probe', { n: 1 });
        expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
      } finally {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    });
  });

  it('the configuration takes a readable CA file and names a missing one', () => {
    expect(loadConfig({ REDIS_URL: tlsUrl, REDIS_CA_FILE: file('ca.crt'), REDIS_TLS_SERVERNAME: NAME }).REDIS_CA_FILE).toBe(file('ca.crt'));
    expect(() => loadConfig({ REDIS_URL: tlsUrl, REDIS_CA_FILE: file('missing.pem') })).toThrow(/REDIS_CA_FILE: must be a readable PEM file/);
  });
});
