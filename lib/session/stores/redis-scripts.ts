/**
 * The Redis store's server-side scripts. Each touches only keys that share one hash
 * tag (`{<session id>}` or `{<user id>}`), so every script runs in one slot of a
 * Redis Cluster and is atomic there as on a single Redis.
 *
 * A session is a hash: `v` version, `e` expiry (epoch ms, app clock), `d` JSON of
 * the rest, `u` the signed-in user (for "sign out everywhere"). Replies start with
 * a status and Redis's own clock (ms), which the client uses to date its writes.
 */

export interface LuaScript {
  readonly name: string;
  readonly source: string;
}

// Redis 6 replicates scripts verbatim unless told otherwise, and TIME is then
// refused in a script that writes; Redis 7 always replicates effects (no-op here).
export const EFFECTS = `if redis.replicate_commands then redis.replicate_commands() end`;
export const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Redis's clock, for the client to date its writes before the first one. -> {'ok', now} */
export const CLOCK: LuaScript = {
  name: 'clock',
  source: `${NOW}
return {'ok', now}`,
};

/** KEYS session, tombstone -> {'found', now, v, e, d} | {'revoked', now} | {'none', now} */
export const LOAD: LuaScript = {
  name: 'load',
  source: `${NOW}
local s = redis.call('HMGET', KEYS[1], 'v', 'e', 'd')
if s[1] then return {'found', now, s[1], s[2], s[3]} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'revoked', now} end
return {'none', now}`,
};

/**
 * Load, or store a session the middleware minted, atomically (SET NX semantics on
 * the whole hash). KEYS session, tombstone. ARGV version, data JSON, expiresAt, ttl
 * ms, user ('' = none), deadline (Redis ms, '0' = none).
 * -> {'found', now, v, e, d} | {'revoked', now} | {'none', now} | {'late', now}
 *
 * Whatever Redis already holds wins: two first reads racing store one session, and
 * a write that landed first is read back rather than overwritten. A revoked id is
 * never stored again. The deadline refuses only the write, as in SAVE.
 */
export const MATERIALISE: LuaScript = {
  name: 'materialise',
  source: `${EFFECTS}
${NOW}
local s = redis.call('HMGET', KEYS[1], 'v', 'e', 'd')
if s[1] then return {'found', now, s[1], s[2], s[3]} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'revoked', now} end
local ttl = tonumber(ARGV[4])
if ttl <= 0 then return {'none', now} end
local deadline = tonumber(ARGV[6])
if deadline > 0 and now > deadline then return {'late', now} end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'e', ARGV[3], 'd', ARGV[2])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'u', ARGV[5]) end
redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
return {'found', now, ARGV[1], ARGV[3], ARGV[2]}`,
};

/**
 * Compare-and-set. KEYS session, tombstone. ARGV expected version ('' = the store
 * must hold nothing), new version, data JSON, expiresAt, ttl ms, user ('' = none),
 * deadline (Redis ms, '0' = none).
 * -> {'ok', now} | {'conflict', now, found ('' none | 'revoked')} | {'late', now}
 *
 * The deadline is when the client stops waiting: a write that reaches Redis after
 * it (Redis paused or swamped) is refused, so a caller told "unavailable" is never
 * surprised by that write landing later. A revoked id's tombstone refuses the
 * write too, so a session cannot be brought back by a write that read it just
 * before it was revoked. Expiry only moves forward, whoever renewed it.
 */
export const SAVE: LuaScript = {
  name: 'save',
  source: `${EFFECTS}
${NOW}
local deadline = tonumber(ARGV[7])
if deadline > 0 and now > deadline then return {'late', now} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'conflict', now, 'revoked'} end
local cur = redis.call('HMGET', KEYS[1], 'v', 'e')
local found = cur[1] or ''
if found ~= ARGV[1] then return {'conflict', now, found} end
if found ~= '' and tonumber(ARGV[2]) < tonumber(found) then return {'conflict', now, found} end
local expiresAt = ARGV[4]
local ttl = tonumber(ARGV[5])
if cur[2] and tonumber(cur[2]) > tonumber(expiresAt) then
  ttl = ttl + (tonumber(cur[2]) - tonumber(expiresAt))
  expiresAt = cur[2]
end
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return {'ok', now}
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'e', expiresAt, 'd', ARGV[3])
if ARGV[6] == '' then redis.call('HDEL', KEYS[1], 'u') else redis.call('HSET', KEYS[1], 'u', ARGV[6]) end
redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
return {'ok', now}`,
};

/** Sliding renewal. KEYS session. ARGV expiresAt, ttl ms. Never shortens, never revives. -> {'ok'|'none', now} */
export const TOUCH: LuaScript = {
  name: 'touch',
  source: `${NOW}
local e = redis.call('HGET', KEYS[1], 'e')
if not e then return {'none', now} end
if tonumber(e) < tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'e', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {'ok', now}`,
};

/**
 * Revocation. KEYS session, tombstone. ARGV tombstone ttl when the store holds
 * nothing (ms), user ('' = any; else only a session that user is signed in to).
 * The tombstone lives as long as the session would have, which is as long as any
 * token naming it can: a token still carrying namespaces cannot bring it back.
 * -> {'removed'|'skipped', now}
 */
export const REMOVE: LuaScript = {
  name: 'remove',
  source: `${NOW}
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'u') ~= ARGV[2] then return {'skipped', now} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then ttl = tonumber(ARGV[1]) end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', string.format('%d', ttl))
return {'removed', now}`,
};

/**
 * A user's index of sessions, a sorted set scored by expiry (app clock ms).
 * KEYS index. ARGV session id, expiresAt, app now. Entries past their expiry are
 * dropped, and the index itself expires with its longest-lived session.
 * -> {'ok', now}
 */
export const INDEX_ADD: LuaScript = {
  name: 'index-add',
  source: `${NOW}
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if (not s) or tonumber(s) < tonumber(ARGV[2]) then redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if top[2] then
  local ttl = tonumber(top[2]) - tonumber(ARGV[3])
  if ttl < 1 then ttl = 1 end
  redis.call('PEXPIRE', KEYS[1], string.format('%d', ttl))
end
return {'ok', now}`,
};

/** KEYS index -> {'ok', now, id...} */
export const INDEX_LIST: LuaScript = {
  name: 'index-list',
  source: `${NOW}
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
table.insert(ids, 1, now)
table.insert(ids, 1, 'ok')
return ids`,
};

/** KEYS index. ARGV ids to drop. -> {'ok', now} */
export const INDEX_DROP: LuaScript = {
  name: 'index-drop',
  source: `${NOW}
for i = 1, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end
return {'ok', now}`,
};
