import type { OpenPayload } from '../token';
import type { Maybe } from '../maybe';
import type { Session } from '../types';

/**
 * Where sessions live. The cookie carries a sealed `TokenPayload`; a store turns it
 * back into the session and keeps accepted writes.
 */
export interface SessionStore {
  readonly name: string;
  /**
   * True when the namespaces ride inside `vtex_session` (the cookie store): the
   * token is then the session, and the store keeps nothing itself.
   */
  readonly inCookie: boolean;
  /**
   * The session a valid token refers to, or null when the store no longer has it
   * (revoked, evicted): the visitor then starts afresh. A token minted by the
   * middleware carries its namespaces (`ns`) and is materialised from them. The
   * session is the caller's own: the engine changes it in place, so a store hands
   * out a copy of anything it keeps.
   *
   * Each method may answer synchronously or with a promise: a store without I/O (the
   * cookie store) answers at once, and the engine then makes no promise for it.
   */
  load(payload: OpenPayload): Maybe<LoadedSession | null>;
  /**
   * Keeps a session. `expectedVersion` is the version the write started from, or
   * null for a session the store must not hold yet; a mismatch throws
   * `VersionConflict` and writes nothing, so the engine can retry on fresh data.
   */
  save(session: Session, expectedVersion: number | null): Maybe<void>;
  /** Forgets a session: its cookie becomes a fresh visitor on the next request. */
  remove(id: string): Maybe<void>;
  /**
   * Follows a sliding renewal (the engine moved `expiresAt` forward on a read).
   * Stores that expire sessions themselves (Redis TTL) need it, or a session would
   * vanish while its renewed cookie lives on. Never brings back a removed session.
   */
  touch?(session: Session): Maybe<void>;
  /**
   * Removes every session a user is signed in to ("sign out everywhere") and
   * tells how many. Only stores that keep an index of a user's sessions have it.
   */
  removeUserSessions?(userId: string): Promise<number>;
  /** Frees connections (tests, shutdown). */
  close?(): Promise<void>;
}

export interface LoadedSession {
  session: Session;
  /**
   * The version the store holds, or null when it holds nothing yet (a session
   * materialised from a middleware-minted token): the next save expects it.
   */
  storedVersion: number | null;
}

export class VersionConflict extends Error {
  constructor(id: string, expected: number | null, found: number | null) {
    super(`Session ${id} is at version ${found ?? 'none'}, not ${expected ?? 'none'}`);
    this.name = 'VersionConflict';
  }
}
