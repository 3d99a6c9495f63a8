/**
 * What `update()` and the session fetch reject with: the server's
 * `{ error: { code, message } }` and status, so UIs can branch on `code` and show `message`.
 */
export class SessionRequestError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'SessionRequestError';
    this.status = status;
    this.code = code;
  }
}

/** A network failure has no server answer: status 0 tells it apart from any HTTP error. */
export const NETWORK_ERROR = 'network_error';
