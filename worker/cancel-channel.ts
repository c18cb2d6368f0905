// How `/scan stop` reaches the scanner holding a run: a Redis pub/sub message every scanner listens to
// (the one holding the run aborts it within milliseconds), plus a flag key so chunks of the run that start
// later stop at once. The control plane writes both; a scanner may only subscribe and read the flags.
import { z } from 'zod';
import { cancelChannel, cancelFlagKey } from '../core/events/scanner-keys.js';
import type { RedisClient } from '../core/redis.js';

const FLAG_TTL_SECONDS = 24 * 3600;

const cancelMessage = z.object({ runId: z.number().int().positive() });

export { cancelChannel };

/** Marks the run cancelled and tells every scanner; returns how many listeners heard it (control plane). */
export async function requestCancel(client: RedisClient, prefix: string, runId: number): Promise<number> {
  await client.set(cancelFlagKey(prefix, runId), '1', { EX: FLAG_TTL_SECONDS });
  return client.publish(cancelChannel(prefix), JSON.stringify({ runId }));
}

export async function isCancelRequested(client: RedisClient, prefix: string, runId: number): Promise<boolean> {
  return (await client.exists(cancelFlagKey(prefix, runId))) === 1;
}

/**
 * Listens for cancel requests on a dedicated subscriber connection (a subscribed node-redis client cannot
 * send other commands). Returns a function that unsubscribes and closes it.
 */
export async function listenForCancels(subscriber: RedisClient, prefix: string, onCancel: (runId: number) => void): Promise<() => Promise<void>> {
  if (!subscriber.isOpen) await subscriber.connect();
  const channel = cancelChannel(prefix);
  await subscriber.subscribe(channel, (message: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const result = cancelMessage.safeParse(parsed);
    if (result.success) onCancel(result.data.runId);
  });
  return async () => {
    await subscriber.unsubscribe(channel).catch(() => undefined);
    subscriber.destroy();
  };
}
