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
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isSessionError(error: unknown): error is SessionError {
  return error instanceof SessionError;
}
