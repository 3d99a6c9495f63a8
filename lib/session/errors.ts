/**
 * Marks an error as a SessionError whichever copy of this module made it. Next
 * bundles each route, page and `instrumentation.ts` with modules of their own, while
 * process-wide objects (the shared Redis connection, the variant registry) are made
 * by whichever bundle comes first: a 503 thrown by the connection a page opened must
 * still be a 503 in a route handler, not an unknown error (a 500).
 */
const BRAND = Symbol.for('vtex-sessions-next.SessionError');

/**
 * One error type for everything a caller may get wrong. Route adapters turn it into
 * `{ "error": { "code", "message" } }` with `status`; nothing else leaks out.
 */
export class SessionError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  /** When the caller may try again (a 429 or 503); route adapters send it as `Retry-After`. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'SessionError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isSessionError(error: unknown): error is SessionError {
  return error instanceof SessionError;
}
