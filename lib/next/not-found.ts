import { SessionError } from '../session/errors';

/** Every method a route module can export; Next answers the others with 400/405 itself. */
export const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type Handler = (request: Request) => Promise<Response>;

/**
 * Handlers for a catch-all `app/api/[[...path]]/route.ts`: `/api` or an unknown API path is a
 * JSON 404, as every other API error is, instead of Next's HTML not-found page.
 * Routes with a more specific path (`/api/sessions`, `/api/segments/[...token]`)
 * still win: Next prefers static and deeper dynamic segments over a catch-all.
 */
export function createApiNotFoundRoute(): Record<(typeof STANDARD_METHODS)[number], Handler> {
  // The path is not echoed back: an error body should not reflect what a link put in the URL.
  const handler: Handler = async () =>
    Response.json(new SessionError(404, 'not_found', 'There is no API route at this path').toJSON(), {
      status: 404,
      headers: { 'cache-control': 'private, no-store' },
    });
  return Object.fromEntries(STANDARD_METHODS.map((method) => [method, handler])) as Record<(typeof STANDARD_METHODS)[number], Handler>;
}
