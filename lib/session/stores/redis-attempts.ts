import type { AttemptCounter } from '../auth-throttle';
import { sharedRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection';
import { EFFECTS, NOW, type LuaScript } from './redis-scripts';
import { DEFAULT_REDIS_URL } from './redis';

// Replies start with a status and Redis's clock (NOW), as the connection expects of every script.

/**
 * KEYS counter. ARGV window ms. -> {'ok', now, count, ms left in the window}
 * The first attempt starts the window; later ones never extend it. A key found
 * without a TTL (written by hand) gets one, so no count can lock an account forever.
 */
export const ATTEMPT_INCREMENT: LuaScript = {
  name: 'attempt-increment',
  source: `${EFFECTS}
${NOW}
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if count == 1 or left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {'ok', now, count, left}`,
};

/** KEYS counter -> {'ok', now} */
export const ATTEMPT_CLEAR: LuaScript = {
  name: 'attempt-clear',
  source: `${EFFECTS}
${NOW}
redis.call('DEL', KEYS[1])
return {'ok', now}`,
};

export const DEFAULT_ATTEMPTS_PREFIX = 'vtexsess:attempts:';

export interface RedisAttemptCounterOptions extends RedisConnectionOptions {
  /** Put before every key. Default `vtexsess:attempts:`. */
  prefix?: string;
  /** Use this connection instead of the process-wide one (the caller closes it). */
  connection?: RedisConnection;
}

export interface RedisAttemptCounter extends AttemptCounter {
  readonly prefix: string;
  key(name: string): string;
  close(): Promise<void>;
}

/**
 * Attempt counts in Redis, shared by every server of the store. Each key expires
 * with its window, so Redis holds only what is being counted. Through the same
 * connection (and the same rules) as the Redis session store: if Redis is away the
 * count cannot be taken, and the caller gets the 503 every other write gets rather
 * than an unlimited sign-in.
 */
export function redisAttemptCounter(options: RedisAttemptCounterOptions = {}): RedisAttemptCounter {
  const prefix = options.prefix ?? DEFAULT_ATTEMPTS_PREFIX;
  const shared = options.connection ? null : sharedRedisConnection({ url: DEFAULT_REDIS_URL, ...options });
  const connection = options.connection ?? shared!.connection;
  // Encoded so that a brace in an email cannot name a cluster hash tag.
  const key = (name: string) => `${prefix}${encodeURIComponent(name)}`;
  return {
    prefix,
    key,
    // No write deadline (unlike session writes): a count that lands after its 503
    // only counts an attempt that did happen.
    async increment(name, windowMs) {
      const reply = await connection.run(ATTEMPT_INCREMENT, [key(name)], [String(Math.ceil(windowMs))]);
      return { count: Number(reply[2]), resetsInMs: Number(reply[3]) };
    },
    async clear(name) {
      await connection.run(ATTEMPT_CLEAR, [key(name)], []);
    },
    async close() {
      await shared?.release();
    },
  };
}
