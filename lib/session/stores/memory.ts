import type { Session } from '../types';
import { sessionFromPayload } from './from-payload';
import { VersionConflict, type SessionStore } from './types';
import { cloneSession } from '../clone';

export interface MemoryStoreOptions {
  now?: () => number;
}

/** Sessions in a Map of this process: for tests and development. */
export function memoryStore(options: MemoryStoreOptions = {}): SessionStore & { readonly size: number } {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  // Ids removed on purpose: a middleware-minted token for one must not bring it back.
  const removed = new Set<string>();

  return {
    name: 'memory',
    inCookie: false,
    get size() {
      return sessions.size;
    },
    async load(payload) {
      const stored = sessions.get(payload.id);
      if (stored && stored.expiresAt > now()) return { session: cloneSession(stored), storedVersion: stored.version };
      if (stored) sessions.delete(payload.id);
      if (!removed.has(payload.id) && payload.ns) return { session: sessionFromPayload(payload), storedVersion: null };
      return null;
    },
    async save(session, expectedVersion) {
      const current = sessions.get(session.id) ?? null;
      const found = current ? current.version : null;
      if (found !== expectedVersion) throw new VersionConflict(session.id, expectedVersion, found);
      sessions.set(session.id, cloneSession(session));
    },
    async remove(id) {
      sessions.delete(id);
      removed.add(id);
    },
  };
}
