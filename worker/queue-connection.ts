// Hands BullMQ the project's own Redis client (node-redis via core/redis.ts) instead of ioredis: BullMQ 6
// calls RedisConnection.clientFactory for every connection it opens (queue, worker, blocking, flows),
// and createNodeRedisClient adapts node-redis to BullMQ's IRedisClient.
import { createNodeRedisClient, RedisConnection, type ConnectionOptions } from 'bullmq';
import { createRedisClient } from '../core/redis.js';

let installed = false;

/** Installs the node-redis factory once per process; every BullMQ object created after it uses it. */
export function installBullmqRedisFactory(): void {
  if (installed) return;
  installed = true;
  RedisConnection.clientFactory = (opts) => {
    const url = typeof opts.url === 'string' ? opts.url : `redis://${opts.host ?? '127.0.0.1'}:${opts.port ?? 6379}`;
    const raw = createRedisClient(url, { connectTimeoutMs: 3000 });
    return createNodeRedisClient(raw);
  };
}

/** The `connection` option for Queue, Worker and FlowProducer. */
export function bullmqConnection(redisUrl: string): ConnectionOptions {
  installBullmqRedisFactory();
  return { url: redisUrl };
}
