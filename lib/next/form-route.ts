import { NextResponse, type NextRequest } from 'next/server';
import { SessionError, isSessionError } from '../session/errors';
import { readBodyText } from './body';
import { errorResponse } from './errors';
import type { SessionKit } from './kit';
import { assertSameOrigin } from './origin';
import { safeRedirectPath, seeOther, withQueryParam } from './redirect';
import { putSessionCookies, requestHost } from './respond';

export interface SessionFormRouteOptions {
  /**
   * The dynamic page (under app/[variant]/, so the middleware runs) that shows what a
   * cached page cannot: a refused code, a code no seller serves, a failure. It gets
   * `from` (the page to go back to) and, for a refusal, `error`, `country` and
   * `postalCode` (what was posted). Default `/region`.
   */
  regionPage?: string;
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

/** Longer posted values are cut: they only come back to be shown in the field. */
const MAX_ECHO = 64;

/** A post made on the region page goes back to where that page came from. */
function pageBefore(target: string, regionPage: string): string {
  const url = new URL(target, 'http://same.site.invalid');
  if (url.pathname !== regionPage) return target;
  return safeRedirectPath(url.searchParams.get('from')) ?? '/';
}

function outcomePage(page: string, from: string, refused?: { error: string; country: string; postalCode: string }): NextResponse {
  let path = withQueryParam(page, 'from', from);
  if (refused) {
    path = withQueryParam(path, 'error', refused.error);
    path = withQueryParam(path, 'country', refused.country.slice(0, MAX_ECHO));
    path = withQueryParam(path, 'postalCode', refused.postalCode.slice(0, MAX_ECHO));
  }
  return seeOther(path);
}

/**
 * `POST /api/sessions/form`: the RegionPicker without JavaScript. Takes
 * `country`, `postalCode` and `redirect` as a urlencoded form and writes them to
 * `public`. A region found: 303 back to the page, which is cached per variant and
 * shows the new one. What that page cannot show (it never reads the query) goes to
 * the region page instead: a refused write (cookies untouched), a failure, or a
 * valid code no seller serves (whose variant is a fresh visitor's). Cross-site
 * posts get a 403.
 */
export function createSessionFormRoute(kit: SessionKit, options: SessionFormRouteOptions = {}) {
  const regionPage = safeRedirectPath(options.regionPage ?? '/region') ?? '/region';

  const POST = async (request: NextRequest): Promise<Response> => {
    try {
      assertSameOrigin(request, kit.allowedOrigins);
    } catch (error) {
      return errorResponse(error);
    }
    let target = pageBefore(refererPath(request), regionPage);
    let country = '';
    let postalCode = '';
    try {
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
        throw new SessionError(415, 'unsupported_media_type', 'Post the form as application/x-www-form-urlencoded');
      }
      const form = new URLSearchParams(await readBodyText(request));
      target = pageBefore(safeRedirectPath(form.get('redirect')) ?? target, regionPage);
      country = (form.get('country') ?? '').trim();
      postalCode = (form.get('postalCode') ?? '').trim();
      if (country === '') throw new SessionError(400, 'invalid_country', 'Choose a country');
      if (postalCode === '') throw new SessionError(400, 'invalid_postal_code', 'Enter a postal code');

      const engine = await kit.engine();
      const result = await engine.write(
        request.cookies.get(kit.cookieNames.session)?.value,
        { public: { country, postalCode } },
        { host: requestHost(request) },
      );
      const tokens = await engine.issue(result.session, result.storedVersion);
      const served = result.session.namespaces.checkout?.regionId !== undefined;
      const response = served ? seeOther(target) : outcomePage(regionPage, target);
      putSessionCookies(kit, request, response, tokens, result.session.expiresAt);
      return response;
    } catch (error) {
      if (!isSessionError(error)) console.error('[sessions] form update failed', error);
      const code = isSessionError(error) ? error.code : 'internal_error';
      return outcomePage(regionPage, pageBefore(target, regionPage), { error: code, country, postalCode });
    }
  };

  return { POST };
}
