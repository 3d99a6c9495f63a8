import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_AGE_SECONDS } from '@/lib/session/engine';
import { EXPIRY_STEP_MS, expiryAfter } from '@/lib/session/expiry';

describe('session expiry', () => {
  it('falls on the first whole minute at or after now + the maximum age (property)', () => {
    const maxAgeMs = DEFAULT_MAX_AGE_SECONDS * 1000;
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000_000, max: 2_200_000_000_000 }), (now) => {
        const expiry = expiryAfter(now, maxAgeMs);
        expect(expiry % EXPIRY_STEP_MS).toBe(0);
        expect(expiry - (now + maxAgeMs)).toBeGreaterThanOrEqual(0);
        expect(expiry - (now + maxAgeMs)).toBeLessThan(EXPIRY_STEP_MS);
      }),
    );
  });

  it('is the same for every session started within one minute, so their tokens share a salt', () => {
    const minute = 1_800_000_000_000 - (1_800_000_000_000 % EXPIRY_STEP_MS);
    const expiries = new Set([1, 10_000, 59_999, 60_000].map((ms) => expiryAfter(minute + ms, DEFAULT_MAX_AGE_SECONDS * 1000)));
    expect(expiries.size).toBe(1);
  });

  it('steps by a thousandth of a maximum age shorter than 1,000 minutes, and never by nothing', () => {
    expect(expiryAfter(1_000_000_001, 3_000)).toBe(1_000_003_002);
    expect(expiryAfter(1_000_000_001, 3_000) - (1_000_000_001 + 3_000)).toBeLessThan(3);
    expect(expiryAfter(7, 500)).toBe(507);
    expect(expiryAfter(7, 0)).toBe(7);
  });
});
