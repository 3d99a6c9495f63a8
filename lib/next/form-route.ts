import { NextResponse, type NextRequest } from 'next/server';
import { SessionError, isSessionError } from '../session/errors';
import { readBodyText } from './body';
import { errorResponse } from './errors';
import type { SessionKit } from './kit';
import { assertSameOrigin } from './origin';
import { safeRedirectPath, seeOther, withQueryParam } from './redirect';
import { putSessionCookies, requestHost } from './respond';

export interface SessionFormRouteOptions {
  /** The query parameter that carries a refused write's error code back. Default `regionError`. */
  errorParam?: string;
}

/** The page that posted: Referer when it is this site, else the home page. */
function refererPath(request: NextRequest): string {
  const referer = request.headers.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === requestHost(request) ? (safeRedirectPath(url.pathname + url.search) ?? '/') : '/';
  } catch {
    return '/';
  }
}

function backTo(path: string, errorParam: string, code: string | null): NextResponse {
  return seeOther(withQueryParam(path, errorParam, code));
}

/**
 * `POST /api/sessions/form`: the RegionPicker without JavaScript. Takes
 * `country`, `postalCode` and `redirect` as a urlencoded form, writes them to
 * `public` and answers 303 back to the page; a refused write goes back with
 * `?regionError=<code>` for the page to render. Cross-site posts get a 403.
 */
export function createSessionFormRoute(kit: SessionKit, options: SessionFormRouteOptions = {}) {
  const errorParam = options.errorParam ?? 'regionError';

  const POST = async (request: NextRequest): Promise<Response> => {
    try {
      assertSameOrigin(request, kit.allowedOrigins);
    } catch (error) {
      return errorResponse(error);
    }
    let target = refererPath(request);
    try {
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
        throw new SessionError(415, 'unsupported_media_type', 'Post the form as application/x-www-form-urlencoded');
      }
      const form = new URLSearchParams(await readBodyText(request));
      target = safeRedirectPath(form.get('redirect')) ?? target;
      const country = (form.get('country') ?? '').trim();
      const postalCode = (form.get('postalCode') ?? '').trim();
      if (country === '') throw new SessionError(400, 'invalid_country', 'Choose a country');
      if (postalCode === '') throw new SessionError(400, 'invalid_postal_code', 'Enter a postal code');

      const engine = await kit.engine();
      const result = await engine.write(
        request.cookies.get(kit.cookieNames.session)?.value,
        { public: { country, postalCode } },
        { host: requestHost(request) },
      );
      const tokens = await engine.issue(result.session, result.storedVersion);
      const response = backTo(target, errorParam, null);
      putSessionCookies(kit, request, response, tokens, result.session.expiresAt);
      return response;
    } catch (error) {
      if (!isSessionError(error)) console.error('[sessions] form update failed', error);
      const response = backTo(target, errorParam, isSessionError(error) ? error.code : 'internal_error');
      response.headers.set('cache-control', 'private, no-store');
      return response;
    }
  };

  return { POST };
}
