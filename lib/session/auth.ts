import type { LoginThrottle } from './auth-throttle';
import type { CustomerDirectory } from './customers/types';
import type { SessionEdit } from './edit';
import type { SessionEngine, WriteOptions, WriteResult } from './engine';
import { SessionError } from './errors';
import { IMPERSONATION_KEY } from './transforms/impersonate';

/** Who is signing in, as the store's auth (its own, or any library) established. */
export interface SignInUser {
  /** The customer's id in the store's CustomerDirectory. */
  id: string;
  email?: string;
}

export type AuthOptions = Omit<WriteOptions, 'rotateId'>;

export interface PasswordSignInOptions extends AuthOptions {
  /** Limits attempts per account (and per client key); checked before the password. */
  throttle?: LoginThrottle;
  /** Who is trying, for the throttle's per-client limit (e.g. an IP a trusted proxy vouches for). */
  clientKey?: string | null;
}

/**
 * Signs a user into the visitor's session (or a new one). Trusted server code only:
 * nothing here checks a password. The session id rotates, so an id planted before
 * sign-in (session fixation) is worthless after it; public inputs (postal code,
 * UTMs) stay. The profile, price tables, channel and campaigns follow through the
 * transforms. Issue the result's tokens with `engine.issue`.
 */
export function signIn(engine: SessionEngine, token: string | null | undefined, user: SignInUser, options: AuthOptions = {}): Promise<WriteResult> {
  if (!user.id) throw new SessionError(400, 'invalid_user', 'signIn needs the user id');
  return engine.write(token, authEdit({ storeUserId: user.id, storeUserEmail: user.email ?? null }), { ...options, rotateId: true });
}

/** Signs the user out: a new session id, no identity, public inputs kept. */
export function signOut(engine: SessionEngine, token: string | null | undefined, options: AuthOptions = {}): Promise<WriteResult> {
  return engine.write(token, authEdit({ storeUserId: null, storeUserEmail: null }), { ...options, rotateId: true });
}

/**
 * Checks an email and password against the directory and signs that customer in.
 * Bad credentials are a 401 that changes nothing, and say nothing about which part
 * was wrong. With a throttle, an attempt over its limit is a 429 before the
 * password is even hashed, and a right password clears the account's count.
 */
export async function signInWithPassword(
  engine: SessionEngine,
  directory: CustomerDirectory,
  token: string | null | undefined,
  credentials: { email: string; password: string },
  options: PasswordSignInOptions = {},
): Promise<WriteResult> {
  const { throttle, clientKey, ...writeOptions } = options;
  await throttle?.admit(credentials.email, clientKey);
  const customer = await directory.verifyCredentials(credentials.email, credentials.password);
  if (!customer) throw new SessionError(401, 'invalid_credentials', 'The email or password is not right');
  await throttle?.succeeded(credentials.email);
  return signIn(engine, token, { id: customer.id, email: customer.email }, writeOptions);
}

/**
 * An impersonation belongs to the operator's sign-in: it never carries across a
 * sign-in or sign-out, so the next operator on a shared desk starts clean.
 */
function authEdit(authentication: { storeUserId: string | null; storeUserEmail: string | null }): SessionEdit {
  return { authentication, public: { [IMPERSONATION_KEY]: null } };
}
