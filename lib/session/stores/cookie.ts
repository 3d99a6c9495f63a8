import type { SessionStore } from './types';
import { sessionFromPayload } from './from-payload';

/**
 * The default store: the session rides sealed in `vtex_session`. Nothing to run,
 * nothing to lose on restart, any number of servers. Writes are last-writer-wins
 * per browser, and a session cannot be revoked before it expires.
 */
export function cookieStore(): SessionStore {
  return {
    name: 'cookie',
    inCookie: true,
    async load(payload) {
      return payload.ns ? { session: sessionFromPayload(payload), storedVersion: payload.v } : null;
    },
    async save() {},
    async remove() {},
  };
}
