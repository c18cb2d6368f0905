// Follows RunEvents published by workers on Redis pub/sub (RUN_EVENTS_CHANNEL) and hands each to a
// callback. Messages are checked for shape first: anything malformed is logged and dropped.
import { RUN_EVENTS_CHANNEL, type RunEvent } from '../../core/events/run-events.js';
import type { Logger } from '../../core/logger.js';
import { createRedisClient } from '../../core/redis.js';

const TYPES = new Set(['run.started', 'run.progress', 'run.log', 'run.finished', 'run.new_exposure', 'run.submit_error', 'run.skipped']);

export function parseRunEvent(message: string): RunEvent | null {
  try {
    const value = JSON.parse(message) as Partial<RunEvent> | null;
    if (!value || typeof value !== 'object' || !TYPES.has(String(value.type))) return null;
    if (typeof value.runId !== 'number' || typeof value.scanId !== 'string' || typeof value.run !== 'number') return null;
    return value as RunEvent;
  } catch {
    return null;
  }
}

export interface RunEventSubscription {
  close(): Promise<void>;
}

/** Subscribes and resolves once the subscription is active (events published after that are seen). */
export async function subscribeRunEvents(redisUrl: string, onEvent: (event: RunEvent) => void, logger: Logger, channel = RUN_EVENTS_CHANNEL): Promise<RunEventSubscription> {
  const client = createRedisClient(redisUrl, { name: 'portcullis-bot-events' });
  client.on('error', (error: Error) => logger.warn({ err: error.message }, 'run-event subscription: Redis error'));
  await client.connect();
  await client.subscribe(channel, (message: string) => {
    const event = parseRunEvent(message);
    if (!event) {
      logger.warn({ message: message.slice(0, 200) }, 'malformed run event dropped');
      return;
    }
    onEvent(event);
  });
  return {
    async close() {
      try {
        await client.unsubscribe(channel);
      } finally {
        client.destroy();
      }
    },
  };
}
