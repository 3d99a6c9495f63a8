import { SessionError } from '../errors';
import type { SessionStore } from './types';

/**
 * Signs a user out on every device: each session they are signed in to becomes a
 * fresh visitor on its next request. Needs no engine, so a sign-out route, an
 * admin job or a password-reset hook can call it with just the store. Returns how
 * many sessions were removed.
 */
export async function signOutEverywhere(store: SessionStore, userId: string): Promise<number> {
  if (typeof userId !== 'string' || userId.trim() === '') {
    throw new SessionError(400, 'invalid_user', 'Sign-out everywhere needs the id of a user');
  }
  assertCanSignOutEverywhere(store);
  return store.removeUserSessions(userId);
}

/** A 501 unless the store indexes each user's sessions (the Redis store does). */
export function assertCanSignOutEverywhere(
  store: SessionStore,
): asserts store is SessionStore & Required<Pick<SessionStore, 'removeUserSessions'>> {
  if (!store.removeUserSessions) {
    throw new SessionError(
      501,
      'revocation_unsupported',
      `The ${store.name} store cannot find a user's sessions (it keeps no index of them); use the redis store`,
    );
  }
}
