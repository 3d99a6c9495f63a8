import { cookies, headers } from 'next/headers';
import { connection } from 'next/server';
import { SessionError, isSessionError } from '../session/errors';
import { parseItems } from '../session/items';
import { canonicalPublicInputs } from '../session/public-inputs';
import { deriveSegment } from '../session/segment';
import type { Segment } from '../session/types';
import { MAX_PUBLIC_KEYS_PER_WRITE } from './body';
import { setSessionCookies, shouldUseSecureCookies } from './cookies';
import type { SessionKit } from './kit';
import { assertSameOrigin } from './origin';
import { hostOf } from './respond';
import { sessionBody } from './sessions-route';

/**
 * Session access for route handlers, server actions and dynamic server components,
 * through `next/headers`. Pages under `app/[variant]/` should not call these: reading
 * cookies makes a page dynamic, and those pages get their segment from the variant code.
 */

/** The API's session object: `{ id, namespaces }` with the selected items only. */
export type ServerSession = ReturnType<typeof sessionBody>;

/** `items` as the API takes them: `"public.*,profile.email"` or a list. */
export type Items = string | readonly string[];

const itemsOf = (items: Items) => parseItems(typeof items === 'string' ? items : items.join(','));

async function requestContext() {
  // A session is read at request time only. With Partial Prefetching (create-next-app
  // 16.4 writes `partialPrefetching: true`; Next 17 has no other mode) Next first renders
  // a request-time page as a prerender that already sees the request's cookies, and
  // refuses a clock or a random id in it: opening a session reads both (its expiry, a new
  // visitor's id). `connection()` ends that prerender here, so the session is read in the
  // request's own render; in route handlers and server actions it answers at once.
  await connection();
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const host = hostOf(head) ?? 'localhost';
  const proto = head.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return { jar, head, host, url: new URL(`${proto}://${host}`) };
}

async function openSession(kit: SessionKit) {
  const { jar, host } = await requestContext();
  const engine = await kit.engine();
  const opened = await engine.open(jar.get(kit.cookieNames.session)?.value, { host });
  return { ...opened, session: engine.present(opened.session) };
}

/**
 * The visitor's session, for the provider's `initialSession`: pass the provider's
 * items (DEFAULT_ITEMS from lib/react) so both show the same keys. Read-only: a new
 * visitor's session is not persisted here (the Sessions API's first call, a first visit
 * minted on the page, or the first write does it), nor does it see a link's URL inputs.
 */
export async function getServerSession(kit: SessionKit, items: Items): Promise<ServerSession> {
  const opened = await openSession(kit);
  return sessionBody(opened.session, itemsOf(items));
}

/** The visitor's segment, derived from the session (the `vtex_segment` cookie is never trusted). */
export async function getServerSegment(kit: SessionKit): Promise<Segment> {
  const opened = await openSession(kit);
  return deriveSegment(opened.session.namespaces);
}

export interface ServerWriteOptions {
  /** Turn the transform trace on or off, as `{"debug":true}` does on the API; the answer then carries `trace`. */
  debug?: boolean;
}

/**
 * Writes `public` as PATCH /api/sessions does (a string sets, null or "" removes),
 * runs the transforms and sets both cookies. Only where Next lets code set cookies:
 * server actions and route handlers. Throws SessionError on a refused write, and a
 * 403 `cross_site_write` for a request another site made the browser send: Next's
 * own check of server actions knows neither `allowedOrigins` nor `Sec-Fetch-Site`.
 */
export async function updateServerSession(
  kit: SessionKit,
  patch: Readonly<Record<string, string | null>>,
  items: Items,
  options: ServerWriteOptions = {},
): Promise<ServerSession> {
  // Server actions are public endpoints: the argument is whatever a client sent.
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SessionError(400, 'invalid_body', 'The update must be an object like {"postalCode":"05408-000"}');
  }
  if (Object.keys(patch).length > MAX_PUBLIC_KEYS_PER_WRITE) {
    throw new SessionError(400, 'too_many_keys', `A write may set at most ${MAX_PUBLIC_KEYS_PER_WRITE} keys`);
  }
  const { jar, head, host, url } = await requestContext();
  assertSameOrigin(new Request(url, { headers: head }), kit.allowedOrigins);
  const engine = await kit.engine();
  const result = await engine.write(jar.get(kit.cookieNames.session)?.value, { public: canonicalPublicInputs(patch) }, { host, debug: options.debug });
  if (result.needsCookie) {
    const tokens = await engine.issue(result.session, result.storedVersion);
    setSessionCookies({ cookies: jar }, tokens, {
      names: kit.cookieNames,
      expiresAt: result.session.expiresAt,
      secure: shouldUseSecureCookies(url, kit.production),
    });
  }
  return sessionBody(engine.present(result.session), itemsOf(items), result.trace);
}

export type SessionActionResult =
  | { ok: true; session: ServerSession }
  | { ok: false; error: { code: string; message: string; status: number } };

/**
 * updateServerSession for a server action: a refused write comes back as data,
 * since Next hides thrown errors' messages from the client in production.
 */
export async function updateSessionAction(
  kit: SessionKit,
  patch: Readonly<Record<string, string | null>>,
  items: Items,
  options: ServerWriteOptions = {},
): Promise<SessionActionResult> {
  try {
    return { ok: true, session: await updateServerSession(kit, patch, items, options) };
  } catch (error) {
    if (isSessionError(error) && error.status < 500) {
      return { ok: false, error: { code: error.code, message: error.message, status: error.status } };
    }
    throw error;
  }
}
