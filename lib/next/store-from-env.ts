import { inProcessAttemptCounter, type AttemptCounter } from '../session/auth-throttle';
import { SessionError } from '../session/errors';
import { cookieStore } from '../session/stores/cookie';
import { memoryStore } from '../session/stores/memory';
import type { SessionStore } from '../session/stores/types';
import { sharedMemoryVariantRegistry, type VariantRegistry } from '../session/variant-registry';

export type StoreKind = 'cookie' | 'memory' | 'redis';

/**
 * `SESSION_STORE` picks the store: `cookie` (default), `memory` or `redis`.
 * Redis reads `REDIS_URL` (default redis://127.0.0.1:6379; several comma-separated
 * URLs, or `REDIS_CLUSTER=1`, mean a Redis Cluster) and `REDIS_PREFIX`.
 */
export async function storeFromEnv(env: Record<string, string | undefined> = process.env): Promise<SessionStore> {
  const kind = storeKind(env);
  switch (kind) {
    case '':
    case 'cookie':
      return cookieStore();
    case 'memory':
      return memoryStore();
    case 'redis': {
      // Imported only here, on demand: the Redis client needs Node's sockets and
      // must never be pulled into the Edge middleware bundle.
      const { redisStore } = await import('../session/stores/redis');
      return redisStore(await redisOptionsFromEnv(env));
    }
    default:
      throw new SessionError(500, 'unknown_store', `SESSION_STORE="${kind}" is not a store; use cookie, memory or redis`);
  }
}

/**
 * Where the login throttle counts attempts, chosen by the same `SESSION_STORE`:
 * with `redis`, in Redis (same connection, keys under `<REDIS_PREFIX>attempts:`),
 * so every server shares one count; otherwise in this process.
 */
export async function attemptCounterFromEnv(env: Record<string, string | undefined> = process.env): Promise<AttemptCounter> {
  if (storeKind(env) !== 'redis') return inProcessAttemptCounter();
  const { redisAttemptCounter } = await import('../session/stores/redis-attempts');
  const { DEFAULT_REDIS_PREFIX } = await import('../session/stores/redis');
  const options = await redisOptionsFromEnv(env);
  return redisAttemptCounter({ ...options, prefix: `${options.prefix ?? DEFAULT_REDIS_PREFIX}attempts:` });
}

const REGISTRIES = Symbol.for('vtex-sessions-next.variant-registries');

/**
 * Where pages learn what a variant code's digest stands for, chosen by the same
 * `SESSION_STORE`: with `redis`, in Redis (keys under `<REDIS_PREFIX>variants:`), so
 * a code issued by one server renders fully on every other; otherwise in this
 * process's memory. One per process and configuration (pages and route handlers are
 * separate bundles and must share it).
 */
export function variantRegistryFromEnv(env: Record<string, string | undefined> = process.env): Promise<VariantRegistry> {
  if (storeKind(env) !== 'redis') return Promise.resolve(sharedMemoryVariantRegistry());
  const holder = globalThis as Record<symbol, Map<string, Promise<VariantRegistry>> | undefined>;
  const registries = (holder[REGISTRIES] ??= new Map());
  const key = JSON.stringify([env.REDIS_URL, env.REDIS_CLUSTER, env.REDIS_PREFIX, env.REDIS_CONNECT_TIMEOUT_MS, env.REDIS_COMMAND_TIMEOUT_MS]);
  let registry = registries.get(key);
  if (!registry) {
    registry = (async () => {
      const { redisVariantRegistry } = await import('../session/stores/redis-variants');
      const { DEFAULT_REDIS_PREFIX } = await import('../session/stores/redis');
      const options = await redisOptionsFromEnv(env);
      return redisVariantRegistry({ ...options, prefix: `${options.prefix ?? DEFAULT_REDIS_PREFIX}variants:` });
    })();
    registry.catch(() => registries.delete(key));
    registries.set(key, registry);
  }
  return registry;
}

/**
 * `REDIS_URL` (default redis://127.0.0.1:6379; several comma-separated URLs, or
 * `REDIS_CLUSTER=1`, mean a Redis Cluster), `REDIS_PREFIX` and the timeouts.
 */
async function redisOptionsFromEnv(env: Record<string, string | undefined>) {
  const { DEFAULT_REDIS_URL } = await import('../session/stores/redis');
  const urls = (env.REDIS_URL || DEFAULT_REDIS_URL)
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const cluster = urls.length > 1 || ['1', 'true', 'yes'].includes((env.REDIS_CLUSTER ?? '').trim().toLowerCase());
  return {
    ...(cluster ? { clusterUrls: urls } : { url: urls[0] }),
    prefix: env.REDIS_PREFIX || undefined,
    connectTimeoutMs: positive(env.REDIS_CONNECT_TIMEOUT_MS),
    commandTimeoutMs: positive(env.REDIS_COMMAND_TIMEOUT_MS),
  };
}

function storeKind(env: Record<string, string | undefined>): string {
  return (env.SESSION_STORE ?? 'cookie').trim().toLowerCase();
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
}
