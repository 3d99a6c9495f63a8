import { Lru } from './lru';
import type { Session } from './types';
import { cloneSession } from './clone';

export const DEFAULT_RECENT_SESSIONS = 1000;

const RETIRED = 'retired';

/**
 * What this instance last issued for each session id, for the cookie store, whose
 * sessions live only in their tokens. A client that reads with the token it held
 * before its own write (vtex-apps/session-client re-reads this way after a PATCH)
 * gets the newest data this instance knows, as it would from a store that keeps
 * sessions. Entries are found only by the id of an authentic token, so nothing
 * crosses sessions; an id given up for a new one (sign-in, sign-out) is remembered
 * as retired, so its old tokens open as a fresh visitor here, as with Redis.
 * Bounded: the least recently used id is forgotten first.
 */
export class RecentSessions {
  private readonly entries: Lru<string, Session | typeof RETIRED>;

  constructor(capacity = DEFAULT_RECENT_SESSIONS) {
    this.entries = new Lru(capacity);
  }

  /** Remembers an issued session; a version older than the one known is ignored. */
  issued(session: Session): void {
    const known = this.entries.get(session.id);
    if (known === RETIRED || (known && known.version > session.version)) return;
    this.entries.set(session.id, cloneSession(session));
  }

  /** The id no longer names a session (rotated away from, or revoked). */
  retire(id: string): void {
    this.entries.set(id, RETIRED);
  }

  /**
   * For a token of session `id` at `version`: 'retired', a newer session than the
   * token holds, or null when the token is as new as anything known here. The session
   * is this memory's own: read-only, copied by whoever changes it (the engine copies
   * once, for a write or for open()'s caller).
   */
  newerThan(id: string, version: number, now: number): Session | typeof RETIRED | null {
    const known = this.entries.get(id);
    if (known === RETIRED) return RETIRED;
    if (!known || known.version <= version || known.expiresAt <= now) return null;
    return known;
  }
}
