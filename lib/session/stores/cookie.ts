import type { SessionStore } from './types';
import { sessionFromPayload } from './from-payload';

/**
 * The default store: the session rides sealed in `vtex_session`. Nothing to run,
 * nothing to lose on restart, any number of servers. Writes are last-writer-wins
 * per browser, and a session cannot be revoked before it expires. A token from
 * before a write reads as that token held it, except on the instance that issued the
 * newer one (the engine's RecentSessions); the Redis store answers every old token
 * with the newest data, as VTEX does.
 */
export function cookieStore(): SessionStore {
  return {
    name: 'cookie',
    inCookie: true,
    // Synchronous: nothing to wait for.
    load(payload) {
      return payload.ns ? { session: sessionFromPayload(payload), storedVersion: payload.v } : null;
    },
    save() {},
    remove() {},
  };
}
