// Publishes RunEvents on Redis pub/sub (the database's channel, runEventsChannel) for the chat side to
// follow a run. Only the control plane publishes (the scan service, ingest); the router treats every event
// as a hint and reads the run from PostgreSQL before it changes a message. Fire and forget: a lost event
// never fails a scan, it is only logged.
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import type { RunEvent } from './run-events.js';

/** Never rejects: a failure is logged. */
export type PublishRunEvent = (event: RunEvent) => Promise<void>;

/** `channel`: runEventsChannel(config.DATABASE_URL), so only the bots of this database hear the events. */
export function createRunEventPublisher(client: RedisClient, logger: Logger, channel: string): PublishRunEvent {
  return async (event) => {
    if (!client.isReady) {
      logger.debug({ type: event.type, runId: event.runId }, 'run event not published: Redis not ready');
      return;
    }
    try {
      await client.publish(channel, JSON.stringify(event));
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), type: event.type }, 'run event not published');
    }
  };
}
