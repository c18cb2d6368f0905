// Publishes RunEvents on Redis pub/sub (the database's channel, runEventsChannel) for the chat side to
// follow a run. Fire and forget: a lost event never fails a scan, it is only logged.
import type { RunEvent } from '../core/events/run-events.js';
import type { Logger } from '../core/logger.js';
import type { RedisClient } from '../core/redis.js';

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

/** The fields every event of a run carries. */
export interface RunEventContext {
  scanId: string;
  scanName: string;
  runId: number;
  run: number;
}

export function eventBase(ctx: RunEventContext): RunEventContext & { at: string } {
  return { scanId: ctx.scanId, scanName: ctx.scanName, runId: ctx.runId, run: ctx.run, at: new Date().toISOString() };
}
