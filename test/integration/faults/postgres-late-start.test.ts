// A long-running control-plane process started while PostgreSQL does not answer yet (issue 11: "long-running
// processes keep retrying in the background"): `portcullis ingest` says once that it is degraded, keeps
// trying, and migrates and serves once PostgreSQL is there. "There" is a TCP proxy to the real PostgreSQL
// that starts listening seconds later, on a port of the test's own; the database is the test's own.
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../helpers/database.js';
import { spawnPortcullis, type Spawned } from './process-kit.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Forwards 127.0.0.1:port to the real PostgreSQL. */
function proxyTo(port: number): Promise<{ server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(5432, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, sockets })));
}

describe('a control-plane process started before PostgreSQL', () => {
  const database = `portcullis_late_${randomUUID().slice(0, 8)}`;
  let ingest: Spawned | undefined;
  let proxy: { server: Server; sockets: Set<Socket> } | undefined;
  afterAll(async () => {
    await ingest?.kill();
    for (const s of proxy?.sockets ?? []) s.destroy();
    await new Promise((resolve) => (proxy ? proxy.server.close(resolve) : resolve(undefined)));
    await dropDatabase(database);
  });

  it('logs degraded once, retries, then migrates and runs', async () => {
    const port = await freePort();
    ingest = spawnPortcullis('ingest', {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/${database}`,
      QUEUE_PREFIX: `pcl-late-${randomUUID().slice(0, 8)}`,
    });
    await ingest.waitFor(/degraded: PostgreSQL unreachable/, 20_000);
    // Still trying (1 s, 2 s, 4 s …), not exited.
    await new Promise((r) => setTimeout(r, 3500));
    expect(ingest.child.exitCode).toBeNull();
    proxy = await proxyTo(port);
    await ingest.waitFor(/recovered: PostgreSQL reachable again/, 30_000);
    const output = ingest.output();
    expect(output.match(/degraded: PostgreSQL unreachable/g)).toHaveLength(1);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
    // Migrated: the database exists with its tables.
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${database}` });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'runs'");
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await client.end();
    }
  }, 90_000);
});
