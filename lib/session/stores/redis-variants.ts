import type { VariantRegistry } from '../variant-registry';
import { sharedRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection';
import { EFFECTS, NOW, type LuaScript } from './redis-scripts';
import { DEFAULT_REDIS_URL } from './redis';

// Replies start with a status and Redis's clock (NOW), as the connection expects of every script.

/** KEYS entry -> {'found', now, body} | {'none', now} */
export const VARIANT_GET: LuaScript = {
  name: 'variant-get',
  source: `${NOW}
local body = redis.call('GET', KEYS[1])
if body then return {'found', now, body} end
return {'none', now}`,
};

/** KEYS entry. ARGV body, ttl ms -> {'ok', now}. Overwrites: an entry is checked on read, so the last good one is as good as the first. */
export const VARIANT_PUT: LuaScript = {
  name: 'variant-put',
  source: `${EFFECTS}
${NOW}
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {'ok', now}`,
};

export const DEFAULT_VARIANTS_PREFIX = 'vtexsess:variants:';
export const DEFAULT_VARIANT_TTL_MS = 30 * 24 * 60 * 60_000;

export interface RedisVariantRegistryOptions extends RedisConnectionOptions {
  /** Put before every key. Default `vtexsess:variants:`. */
  prefix?: string;
  /** How long an entry lives after its last put. Default 30 days (issuers put again within the hour they use it). */
  ttlMs?: number;
  /** Use this connection instead of the process-wide one (the caller closes it). */
  connection?: RedisConnection;
}

export interface RedisVariantRegistry extends VariantRegistry {
  readonly prefix: string;
  key(digest: string): string;
  close(): Promise<void>;
}

/**
 * The variant registry in Redis, shared by every server of the store: a code issued
 * by one renders fully on all. Through the same connection (and rules) as the Redis
 * session store.
 */
export function redisVariantRegistry(options: RedisVariantRegistryOptions = {}): RedisVariantRegistry {
  const prefix = options.prefix ?? DEFAULT_VARIANTS_PREFIX;
  const ttlMs = options.ttlMs ?? DEFAULT_VARIANT_TTL_MS;
  const shared = options.connection ? null : sharedRedisConnection({ url: DEFAULT_REDIS_URL, ...options });
  const connection = options.connection ?? shared!.connection;
  // Digests are base64url: nothing in them can name a cluster hash tag.
  const key = (digest: string) => `${prefix}${digest}`;
  return {
    name: 'redis',
    prefix,
    key,
    async get(digest) {
      const reply = await connection.run(VARIANT_GET, [key(digest)], []);
      return reply[0] === 'found' ? String(reply[2]) : null;
    },
    async put(digest, body) {
      await connection.run(VARIANT_PUT, [key(digest)], [body, String(Math.ceil(ttlMs))]);
    },
    async close() {
      await shared?.release();
    },
  };
}
