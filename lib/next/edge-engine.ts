import { SessionEngine, type EngineOptions } from '../session/engine';
import { cookieStore } from '../session/stores/cookie';

/**
 * An engine for code that must not wait on I/O (middleware, build-time listing).
 * It sees a session only as far as its token carries it: tokens it issues carry the
 * namespaces (`issue(session, null)`) until a store sees them, and it keeps nothing.
 */
export function createIoFreeEngine(options: Omit<EngineOptions, 'store'>): SessionEngine {
  return new SessionEngine({ ...options, store: cookieStore() });
}
