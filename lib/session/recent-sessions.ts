import { Lru } from './lru';
import type { Session } from './types';

export const DEFAULT_RECENT_SESSIONS = 1000;

const RETIRED = 'retired';

/** The newest token this instance issued for a session, and what the engine checks before reading it. */
interface Issued {
  version: number;
  expiresAt: number;
  token: string;
}

/**
 * What this instance last issued for each session id, for the cookie store, whose
 * sessions live only in their tokens. A client that reads with the token it held
 * before its own write (vtex-apps/session-client re-reads this way after a PATCH)
 * gets the newest data this instance knows, as it would from a store that keeps
 * sessions. Entries are found only by the id of an authentic token, so nothing
 * crosses sessions; an id given up for a new one (sign-in, sign-out) is remembered
 * as retired, so its old tokens open as a fresh visitor here, as with Redis.
 * Bounded: the least recently used id is forgotten first.
 *
 * It keeps the newest token, not a copy of the session: the token codec already
 * keeps what that token holds, and a second copy of every session written, kept
 * until its next write, was garbage the collector had to carry into its old generation.
 */
export class RecentSessions {
  private readonly entries: Lru<string, Issued | typeof RETIRED>;

  constructor(capacity = DEFAULT_RECENT_SESSIONS) {
    this.entries = new Lru(capacity);
  }

  /** Remembers the token issued for a session; a version older than the one known is ignored. */
  issued(session: Session, token: string): void {
    const known = this.entries.get(session.id);
    if (known === RETIRED || (known && known.version > session.version)) return;
    this.entries.set(session.id, { version: session.version, expiresAt: session.expiresAt, token });
  }

  /** The id no longer names a session (rotated away from, or revoked). */
  retire(id: string): void {
    this.entries.set(id, RETIRED);
  }

  /**
   * For a token of session `id` at `version`: 'retired', the newest token issued here
   * when it is newer than that one and unexpired, or null when the token is as new as
   * anything known here.
   */
  newerThan(id: string, version: number, now: number): string | typeof RETIRED | null {
    const known = this.entries.get(id);
    if (known === RETIRED) return RETIRED;
    if (!known || known.version <= version || known.expiresAt <= now) return null;
    return known.token;
  }
}
