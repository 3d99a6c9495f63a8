/**
 * Session expiries fall on whole minutes. A token's label carries its expiry (token.ts)
 * and the label starts the encryption salt, so tokens of one variant whose sessions
 * expire in the same minute share an encryption key (iron.ts, SEALS_PER_SALT); an
 * expiry to the millisecond would give every token a key, and on Node a cipher
 * context, of its own. A session lives up to a minute longer than its maximum age; one
 * shorter than 1,000 minutes (tests, short-lived demos) steps by a thousandth of it.
 */
export const EXPIRY_STEP_MS = 60_000;

export function expiryAfter(now: number, maxAgeMs: number): number {
  const step = Math.max(1, Math.min(EXPIRY_STEP_MS, Math.floor(maxAgeMs / 1000)));
  return Math.ceil((now + maxAgeMs) / step) * step;
}
