import { normalizeEmail } from './customers/directory';
import { SessionError } from './errors';
import { Lru } from './lru';

/** One key's attempts in its current window. */
export interface AttemptWindow {
  /** Attempts counted in this window, the one just recorded included. */
  count: number;
  /** How long until the window ends and the count starts again from zero. */
  resetsInMs: number;
}

/**
 * Where attempt counts live: this process (one server), or a store several servers
 * share (Redis). Each window is fixed: it starts with its first attempt and lasts
 * `windowMs`; attempts inside it never make it longer.
 */
export interface AttemptCounter {
  /** Counts one attempt, atomically, and answers with the window it fell in. */
  increment(key: string, windowMs: number): Promise<AttemptWindow>;
  /** Forgets a key's attempts. */
  clear(key: string): Promise<void>;
  close?(): Promise<void>;
}

export interface InProcessAttemptCounterOptions {
  /** Most keys remembered; the least recently used is forgotten first. Default 10 000. */
  maxKeys?: number;
  now?: () => number;
}

export const DEFAULT_MAX_ATTEMPT_KEYS = 10_000;

/**
 * Counts in this process's memory, bounded by an LRU. Right for one server (the
 * cookie and memory stores); servers behind a load balancer need a shared counter,
 * or each would allow its own five attempts.
 */
export function inProcessAttemptCounter(options: InProcessAttemptCounterOptions = {}): AttemptCounter & { readonly size: number } {
  const now = options.now ?? Date.now;
  const windows = new Lru<string, { count: number; endsAt: number }>(options.maxKeys ?? DEFAULT_MAX_ATTEMPT_KEYS);
  return {
    async increment(key, windowMs) {
      const at = now();
      let entry = windows.get(key);
      if (!entry || entry.endsAt <= at) entry = { count: 0, endsAt: at + windowMs };
      entry = { count: entry.count + 1, endsAt: entry.endsAt };
      windows.set(key, entry);
      return { count: entry.count, resetsInMs: entry.endsAt - at };
    },
    async clear(key) {
      windows.delete(key);
    },
    get size() {
      return windows.size;
    },
  };
}

export interface LoginThrottleOptions {
  /** Attempts per account (its email, trimmed and lower-cased) in one window. Default 5. */
  maxAttempts?: number;
  /** Attempts per client key in one window, when the caller supplies one. Default 50. */
  maxClientAttempts?: number;
  /** How long a window lasts. Default 900 (15 minutes). */
  windowSeconds?: number;
  /**
   * Where the counts live. Default: this process (`inProcessAttemptCounter`). A
   * function is called once, on first use, so a Redis connection is not opened at
   * import time; if it fails it is called again on the next attempt.
   */
  counter?: AttemptCounter | (() => AttemptCounter | Promise<AttemptCounter>);
  /** The in-process counter's clock (tests). */
  now?: () => number;
}

export const DEFAULT_MAX_LOGIN_ATTEMPTS = 5;
export const DEFAULT_MAX_CLIENT_LOGIN_ATTEMPTS = 50;
export const DEFAULT_LOGIN_WINDOW_SECONDS = 15 * 60;
export const TOO_MANY_ATTEMPTS = 'too_many_attempts';

/**
 * Limits password sign-in attempts, per account and optionally per client.
 *
 * Every attempt is counted *before* the password is checked, in one atomic
 * increment, so parallel guesses cannot slip past the limit together and a refused
 * attempt costs no password hashing. A successful sign-in clears the account's
 * count; a failed one stays counted. The sixth attempt in a window is refused, even
 * with the right password, until the window ends.
 */
export class LoginThrottle {
  readonly maxAttempts: number;
  readonly maxClientAttempts: number;
  readonly windowMs: number;
  private readonly counterSource: () => AttemptCounter | Promise<AttemptCounter>;
  private counter: Promise<AttemptCounter> | null = null;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_LOGIN_ATTEMPTS, 'maxAttempts');
    this.maxClientAttempts = positiveInteger(options.maxClientAttempts ?? DEFAULT_MAX_CLIENT_LOGIN_ATTEMPTS, 'maxClientAttempts');
    this.windowMs = positiveInteger(options.windowSeconds ?? DEFAULT_LOGIN_WINDOW_SECONDS, 'windowSeconds') * 1000;
    const counter = options.counter ?? inProcessAttemptCounter({ now: options.now });
    this.counterSource = typeof counter === 'function' ? counter : () => counter;
  }

  /**
   * Counts an attempt for this email (and client key, when given) and throws
   * `SessionError(429, 'too_many_attempts')` with `retryAfterSeconds` when either is
   * over its limit. A refused client is not counted against the account, so a
   * blocked client cannot keep locking accounts.
   */
  async admit(email: string, clientKey?: string | null): Promise<void> {
    const counter = await this.resolveCounter();
    if (clientKey) {
      const client = await counter.increment(clientCounterKey(clientKey), this.windowMs);
      if (client.count > this.maxClientAttempts) throw tooManyAttempts('from this client', client.resetsInMs);
    }
    const account = await counter.increment(accountCounterKey(email), this.windowMs);
    if (account.count > this.maxAttempts) throw tooManyAttempts('for this account', account.resetsInMs);
  }

  /** The password was right: the account starts again with a clean count (the client's count stays). */
  async succeeded(email: string): Promise<void> {
    const counter = await this.resolveCounter();
    await counter.clear(accountCounterKey(email));
  }

  async close(): Promise<void> {
    const counter = this.counter;
    this.counter = null;
    if (counter) await (await counter.catch(() => null))?.close?.();
  }

  private resolveCounter(): Promise<AttemptCounter> {
    if (!this.counter) {
      const pending = Promise.resolve().then(this.counterSource);
      this.counter = pending;
      // A counter that could not be made (Redis misconfigured) is tried again next time.
      pending.catch(() => {
        if (this.counter === pending) this.counter = null;
      });
    }
    return this.counter;
  }
}

export function accountCounterKey(email: string): string {
  return `account:${normalizeEmail(email)}`;
}

export function clientCounterKey(clientKey: string): string {
  return `client:${clientKey}`;
}

function tooManyAttempts(scope: string, resetsInMs: number): SessionError {
  const seconds = Math.max(1, Math.ceil(resetsInMs / 1000));
  return new SessionError(429, TOO_MANY_ATTEMPTS, `Too many sign-in attempts ${scope}. Try again in ${describeWait(seconds)}.`, undefined, {
    retryAfterSeconds: seconds,
  });
}

/** "14 minutes", "1 minute", "40 seconds": how a person reads a wait. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new SessionError(500, 'invalid_config', `LoginThrottle ${name} must be a positive whole number`);
  return value;
}
