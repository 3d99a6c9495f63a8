import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { signInWithPassword, signOut } from '../session/auth';
import { LoginThrottle } from '../session/auth-throttle';
import type { CustomerDirectory } from '../session/customers/types';
import type { WriteResult } from '../session/engine';
import { SessionError, isSessionError } from '../session/errors';
import { parseItems } from '../session/items';
import { assertCanSignOutEverywhere, signOutEverywhere } from '../session/stores/revoke';
import { readBodyText, readJsonObject } from './body';
import { withErrors } from './errors';
import type { SessionKit } from './kit';
import { assertSameOrigin } from './origin';
import { putSessionCookies, requestHost } from './respond';
import { sessionBody } from './sessions-route';
import { safeRedirectPath, seeOther, withQueryParam } from './redirect';

export interface AuthRouteOptions {
  directory: CustomerDirectory;
  /**
   * Limits password attempts (429 `too_many_attempts` with `Retry-After`). Default:
   * `new LoginThrottle()`, 5 attempts per account per 15 minutes counted in this
   * process. Servers behind a load balancer pass one with a shared counter.
   */
  throttle?: LoginThrottle;
  /**
   * Who is signing in, for the throttle's per-client limit. Default: none, as no
   * request header can be trusted unless a proxy of yours sets it; behind one, use
   * `clientKeyFromHeader('x-real-ip')` or the like.
   */
  clientKey?: (request: NextRequest) => string | null | undefined;
}

/**
 * A client key from a header your own proxy sets. For a list such as
 * `x-forwarded-for`, `trustedProxies` is how many proxies of yours append to it:
 * the entry that many from the end is the one the first of them saw, and what a
 * client wrote before it is ignored. Never use this without such a proxy: anyone
 * can send the header, and a fresh value per attempt would dodge the limit.
 */
export function clientKeyFromHeader(name: string, trustedProxies = 1) {
  return (request: Request): string | null => {
    const entries = (request.headers.get(name) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return entries[entries.length - trustedProxies] ?? null;
  };
}

interface AuthInput {
  email: string;
  password: string;
  /** Form posts only: where to send the browser (303) after success. */
  redirect?: string;
  /** Form posts only: where to send it after a refusal, with `?auth_error=<code>`. */
  errorRedirect?: string;
}

const credentialsSchema = z.object({
  email: z.string({ error: 'must be a string' }).max(254, 'is too long'),
  password: z.string({ error: 'must be a string' }).max(1024, 'is too long'),
});

/**
 * `POST /api/auth/login` (`{"email","password"}`) and `POST /api/auth/logout`.
 * JSON in, `{sessionToken, segmentToken}` out with both cookies set, as the
 * Sessions API does. A no-JS form (urlencoded, with a `redirect` field) gets a 303
 * to that same-site path instead.
 */
export function createAuthRoutes(kit: SessionKit, options: AuthRouteOptions) {
  const handle = (
    action: (token: string | undefined, input: AuthInput, host: string, request: NextRequest) => Promise<WriteResult>,
    needsCredentials: boolean,
  ) =>
    withErrors(async (request: NextRequest) => {
      assertSameOrigin(request, kit.allowedOrigins);
      const form = isForm(request);
      const { fields, redirect, errorRedirect } = await readAuthFields(request, form);
      let result: WriteResult;
      try {
        const credentials = needsCredentials ? parseCredentials(fields) : { email: '', password: '' };
        result = await action(request.cookies.get(kit.cookieNames.session)?.value, { ...credentials, redirect, errorRedirect }, requestHost(request), request);
      } catch (error) {
        // A no-JS form cannot show a JSON error: send the browser back with the code.
        if (errorRedirect && isSessionError(error) && error.status < 500) {
          const back = withQueryParam(errorRedirect, 'auth_error', error.code);
          // So the form can say when to try again (a 303 cannot carry Retry-After to the page).
          return seeOther(error.retryAfterSeconds === undefined ? back : withQueryParam(back, 'retry_after', String(error.retryAfterSeconds)));
        }
        throw error;
      }
      const engine = await kit.engine();
      const tokens = await engine.issue(result.session, result.storedVersion);
      const rawItems = request.nextUrl.searchParams.get('items');
      const response = redirect
        ? seeOther(redirect)
        : NextResponse.json(
            rawItems === null
              ? { sessionToken: tokens.sessionToken, segmentToken: tokens.segmentToken }
              : sessionBody(engine.present(result.session), parseItems(rawItems)),
          );
      putSessionCookies(kit, request, response, tokens, result.session.expiresAt);
      return response;
    });

  const throttle = options.throttle ?? new LoginThrottle();
  const login = handle(
    async (token, input, host, request) =>
      signInWithPassword(await kit.engine(), options.directory, token, input, { host, throttle, clientKey: options.clientKey?.(request) }),
    true,
  );
  // `?everywhere=1` also ends the user's sessions on every other device (stores that
  // index them, such as Redis; others answer 501 before anything changes).
  const logout = handle(async (token, _input, host, request) => {
    const engine = await kit.engine();
    const everywhere = ['1', 'true'].includes(request.nextUrl.searchParams.get('everywhere') ?? '');
    if (!everywhere) return signOut(engine, token, { host });
    assertCanSignOutEverywhere(engine.store);
    const userId = (await engine.open(token, { host })).session.namespaces.authentication?.storeUserId?.value;
    if (!userId) throw new SessionError(401, 'not_signed_in', 'Sign in before signing out everywhere');
    const result = await signOut(engine, token, { host });
    await signOutEverywhere(engine.store, userId);
    return result;
  }, false);
  return { login: { POST: login }, logout: { POST: logout } };
}

function isForm(request: Request): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '');
}

interface AuthFields {
  fields: Record<string, unknown>;
  redirect?: string;
  errorRedirect?: string;
}

async function readAuthFields(request: Request, form: boolean): Promise<AuthFields> {
  if (form) {
    const text = await readBodyText(request);
    const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
    return { fields, redirect: optionalPath(fields.redirect, 'redirect'), errorRedirect: optionalPath(fields.error_redirect, 'error_redirect') };
  }
  return { fields: (await readJsonObject(request, '{"email":"...","password":"..."}')) ?? {} };
}

function parseCredentials(fields: Record<string, unknown>): { email: string; password: string } {
  const parsed = credentialsSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SessionError(400, 'invalid_body', `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

function optionalPath(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const path = typeof value === 'string' ? safeRedirectPath(value) : null;
  if (path === null) throw new SessionError(400, 'invalid_redirect', `${field} must be a path on this site, like "/account"`);
  return path;
}
