import { SessionError, isSessionError } from '../session/errors';

const NO_STORE = { 'cache-control': 'private, no-store' };

/** `{ "error": { "code", "message" } }` with the error's status (and `Retry-After` when it says when to retry); unknown errors become a 500 that says nothing internal. */
export function errorResponse(error: unknown): Response {
  if (isSessionError(error)) {
    const headers: Record<string, string> = { ...NO_STORE };
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
    return Response.json(error.toJSON(), { status: error.status, headers });
  }
  console.error('[sessions] unexpected error', error);
  const fallback = new SessionError(500, 'internal_error', 'Something went wrong on our side; the session was not changed');
  return Response.json(fallback.toJSON(), { status: 500, headers: NO_STORE });
}

/** Wraps a route handler so every failure is a JSON error, never an HTML error page. */
export function withErrors<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A JSON 405 for methods a route does not serve (Next would answer with an empty body). */
export function methodNotAllowed(allowed: readonly string[]) {
  return async (): Promise<Response> =>
    Response.json(new SessionError(405, 'method_not_allowed', `Use ${allowed.join(', ')} on this route`).toJSON(), {
      status: 405,
      headers: { allow: allowed.join(', '), 'cache-control': 'private, no-store' },
    });
}
