/**
 * New sessions of one template (host and URL inputs), sealed a few at a time and
 * handed out one by one, each to one first visit.
 *
 * Why: one seal alone, amid a page request's other work, finds the cipher's lookup
 * tables and code out of the CPU's caches. Under `next start` a first visit's seal
 * took about 300 µs in the Edge sandbox where the same seal in a loop takes 60 µs;
 * sealed in batches, the middleware's share of a first visit's CPU fell by about
 * 190 µs (docs/middleware.md, "Sealing ahead").
 *
 * The batch grows with demand (1, 1, 2, 4, ... up to `maxBatch`: the number handed
 * out since the reserve was last found stale), so a template used once seals once,
 * and at most one batch is ever sealed for nothing. A token waits at most `maxAgeMs`:
 * an older batch is dropped, never handed out, so a session's expiry is at most that
 * much earlier than a session sealed on the spot. No token is handed out twice.
 */
export interface Reserved {
  token: string;
  /** The session's expiry (epoch ms), as sealed in the token. */
  exp: number;
}

export interface SealReserveOptions {
  /** Seals one new session, expiring `maxAge` after `now`. */
  seal: (now: number) => Reserved;
  now: () => number;
  maxBatch?: number;
  maxAgeMs?: number;
  /** A token already sealed (the mint that made the template sealed one): handed out first, as a batch of one. */
  first?: Reserved;
}

export const DEFAULT_MAX_BATCH = 16;
export const DEFAULT_MAX_RESERVE_AGE_MS = 5_000;

export class SealReserve {
  private tokens: Reserved[] = [];
  private filledAt = 0;
  private handedOut = 0;
  private readonly maxBatch: number;
  private readonly maxAgeMs: number;

  constructor(private readonly options: SealReserveOptions) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_RESERVE_AGE_MS;
    if (options.first) {
      this.tokens.push(options.first);
      this.filledAt = options.now();
    }
  }

  /** A token no one else got. */
  take(): Reserved {
    const now = this.options.now();
    if (now - this.filledAt > this.maxAgeMs || now < this.filledAt) {
      // Stale, never filled, or sealed by a clock since set back: start again from one.
      this.tokens = [];
      this.handedOut = 0;
    }
    if (this.tokens.length === 0) {
      const size = Math.min(Math.max(this.handedOut, 1), this.maxBatch);
      for (let i = 0; i < size; i++) this.tokens.push(this.options.seal(now));
      this.filledAt = now;
    }
    this.handedOut++;
    return this.tokens.pop() as Reserved;
  }

  /** Tokens sealed and not handed out yet. */
  get size(): number {
    return this.tokens.length;
  }
}
