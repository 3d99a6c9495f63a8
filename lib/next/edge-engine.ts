import { SessionEngine, type EngineOptions } from '../session/engine';
import type { SessionStore } from '../session/stores/types';

/**
 * The middleware mints and reads sessions from the token alone. A store here would
 * mean I/O on every page request, so any attempt to reach one is a bug: fail loudly.
 */
const noStore: SessionStore = {
  name: 'none (middleware)',
  inCookie: false,
  load() {
    throw new Error('The session middleware must not load from a store');
  },
  save() {
    throw new Error('The session middleware must not save to a store');
  },
  remove() {
    throw new Error('The session middleware must not remove from a store');
  },
};

/**
 * An engine for code that must not wait on I/O (middleware, build-time listing).
 * Its tokens carry the namespaces (`issue(session, null)`) until a store sees them.
 */
export function createIoFreeEngine(options: Omit<EngineOptions, 'store'>): SessionEngine {
  return new SessionEngine({ ...options, store: noStore });
}
