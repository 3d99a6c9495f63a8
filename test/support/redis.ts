import { createClient } from 'redis';
import { freePort } from './next-server';

/** The Redis the tests use; CI starts one on the default port (scripts/test-all.sh). */
export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export type AdminClient = ReturnType<typeof createClient>;

/**
 * A plain client for what tests do behind the store's back (pause Redis, read
 * TTLs, delete keys). Fails with a clear message when there is no Redis: the Redis
 * tests must not pass, or skip, without one.
 */
export async function adminClient(): Promise<AdminClient> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    await client.destroy();
    throw new Error(
      `The Redis tests need a real Redis at ${REDIS_URL} and could not reach it (${(error as Error).message}). ` +
        'Start one with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` ' +
        '(scripts/test-all.sh does this), or point TEST_REDIS_URL at one.',
    );
  }
  return client;
}

let counter = 0;
/** One prefix per test run, so runs (and engineers) sharing a Redis never see each other's keys. */
export const RUN_PREFIX = `vtexsess-test:${process.pid}-${Date.now().toString(36)}:`;

/** A fresh key prefix, one per test. */
export function testPrefix(label = 't'): string {
  return `${RUN_PREFIX}${label}-${++counter}:`;
}

/** Deletes every key under a prefix (tests clean up after themselves; TTLs would anyway). */
export async function dropKeys(client: AdminClient, prefix: string): Promise<number> {
  let dropped = 0;
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (batch.length > 0) dropped += await client.del(batch);
  }
  return dropped;
}

/** A URL where nothing listens: Redis "down" without stopping the shared one. */
export async function deadRedisUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}
