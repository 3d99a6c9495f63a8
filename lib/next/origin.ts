import { SessionError } from '../session/errors';

/**
 * Refuses writes that a page on another site makes the browser send (CSRF).
 * `Sec-Fetch-Site` is trusted where the browser sends it; otherwise `Origin` must
 * name this host or one of `allowedOrigins`. Requests with neither (curl, server
 * to server) carry no ambient browser credentials of a victim and are allowed.
 */
export function assertSameOrigin(request: Request, allowedOrigins: readonly string[]): void {
  const origin = request.headers.get('origin');
  const allowed = origin !== null && origin !== 'null' && isAllowedOrigin(request, origin, allowedOrigins);
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none' && !allowed) {
    throw forbidden(origin ?? site);
  }
  if (origin !== null && !allowed) throw forbidden(origin);
}

function isAllowedOrigin(request: Request, origin: string, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes(origin)) return true;
  let originHost: string;
  try {
    const parsed = new URL(origin);
    // A browser sends an origin exactly as serialized (scheme://host[:port]); anything
    // else (a path, userinfo, a backslash that URL parsing would forgive) is malformed.
    if (parsed.origin !== origin) return false;
    originHost = parsed.host;
  } catch {
    return false;
  }
  const named = (host: string | null) => host !== null && host.split(',')[0]!.trim() === originHost;
  // The URL is parsed only when neither header names the origin's host (most writes stop before).
  return named(request.headers.get('x-forwarded-host')) || named(request.headers.get('host')) || named(new URL(request.url).host);
}

function forbidden(from: string): SessionError {
  return new SessionError(403, 'cross_site_write', `Writes to the session from "${from}" are not allowed`);
}
