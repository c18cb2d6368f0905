// A scanner-side process for auth-failure.test.ts: a Redis client from dist/core/redis.js (with an 'error'
// listener, as the worker's clients have) and a BullMQ worker over worker/queue-connection.ts, both on the
// URL given. Says `ready` on stdout whenever the client (re)connects; everything else goes to stderr.
import { Worker } from 'bullmq';
import { createRedisClient } from '../../../dist/core/redis.js';
import { bullmqConnection } from '../../../dist/worker/queue-connection.js';

import process from 'node:process';

const [url, queue] = process.argv.slice(2);
const client = createRedisClient(url, { name: 'auth-probe' });
client.on('error', (error) => process.stderr.write(`listener: ${error.message}\n`));
client.on('ready', () => process.stdout.write('ready\n'));
void client.connect().catch((error) => process.stderr.write(`connect: ${error.message}\n`));
const worker = new Worker(queue, async () => undefined, { connection: bullmqConnection(url), prefix: `auth-probe-${process.pid}` });
worker.on('error', (error) => process.stderr.write(`worker: ${error.message}\n`));
worker.on('ready', () => process.stdout.write('worker ready\n'));
process.on('SIGTERM', () => process.exit(0));
