import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BATCH, DEFAULT_MAX_RESERVE_AGE_MS, SealReserve } from '@/lib/next/seal-reserve';

const MAX_AGE = 8 * 24 * 60 * 60 * 1000;

function reserve(options: { maxBatch?: number; maxAgeMs?: number } = {}) {
  let clock = 1_000_000;
  const sealedAt: number[] = [];
  const made = new SealReserve({
    now: () => clock,
    seal: (now) => {
      sealedAt.push(now);
      return { token: `token-${sealedAt.length}`, exp: now + MAX_AGE };
    },
    ...options,
  });
  return { made, sealedAt, tick: (ms: number) => (clock += ms), now: () => clock };
}

describe('seal reserve', () => {
  it('seals in batches that grow with demand: 1, 1, 2, 4, 8, then the cap', () => {
    const { made, sealedAt } = reserve();
    const batches: number[] = [];
    for (let i = 0; i < 64; i++) {
      const before = sealedAt.length;
      made.take();
      if (sealedAt.length > before) batches.push(sealedAt.length - before);
    }
    expect(batches.slice(0, 6)).toEqual([1, 1, 2, 4, 8, DEFAULT_MAX_BATCH]);
    expect(Math.max(...batches)).toBe(DEFAULT_MAX_BATCH);
    // Nothing sealed beyond what was handed out and the one batch now waiting.
    expect(sealedAt.length - 64).toBe(made.size);
    expect(made.size).toBeLessThan(DEFAULT_MAX_BATCH);
  });

  it('never hands a token out twice', () => {
    const { made } = reserve();
    const tokens = Array.from({ length: 500 }, () => made.take().token);
    expect(new Set(tokens).size).toBe(500);
  });

  it('hands out a token sealed beforehand first, then seals as a reserve that has handed out one', () => {
    let clock = 1_000_000;
    const sealed: string[] = [];
    const made = new SealReserve({
      now: () => clock,
      seal: (now) => {
        sealed.push(`token-${sealed.length + 1}`);
        return { token: sealed.at(-1)!, exp: now + MAX_AGE };
      },
      first: { token: 'minted', exp: clock + MAX_AGE },
    });
    expect(made.take()).toEqual({ token: 'minted', exp: 1_000_000 + MAX_AGE });
    expect(sealed).toEqual([]);
    expect(made.take().token).toBe('token-1');
    expect(sealed).toHaveLength(1);
    // A token sealed beforehand is dropped, too, once older than the age limit.
    const late = new SealReserve({ now: () => clock, seal: (now) => ({ token: 'fresh', exp: now + MAX_AGE }), first: { token: 'minted', exp: clock + MAX_AGE } });
    clock += DEFAULT_MAX_RESERVE_AGE_MS + 1;
    expect(late.take().token).toBe('fresh');
  });

  it('seals once for a template used once', () => {
    const { made, sealedAt } = reserve();
    made.take();
    expect(sealedAt).toHaveLength(1);
    expect(made.size).toBe(0);
  });

  it('drops a batch older than its age limit and starts again from one', () => {
    const { made, sealedAt, tick, now } = reserve();
    for (let i = 0; i < 20; i++) made.take();
    const waiting = made.size;
    expect(waiting).toBeGreaterThan(0);
    tick(DEFAULT_MAX_RESERVE_AGE_MS + 1);
    const sealedBefore = sealedAt.length;
    const taken = made.take();
    // A new token sealed now, not one of the stale batch.
    expect(sealedAt.length).toBe(sealedBefore + 1);
    expect(taken.exp).toBe(now() + MAX_AGE);
    expect(made.size).toBe(0);
  });

  it('drops a batch sealed by a clock since set back', () => {
    const { made, sealedAt, tick, now } = reserve();
    for (let i = 0; i < 20; i++) made.take();
    tick(-60_000);
    const sealedBefore = sealedAt.length;
    expect(made.take().exp).toBe(now() + MAX_AGE);
    expect(sealedAt.length).toBe(sealedBefore + 1);
  });

  it('hands out an expiry at most its age limit earlier than a seal on the spot', () => {
    const { made, tick, now } = reserve();
    for (let i = 0; i < 300; i++) {
      const { exp } = made.take();
      expect(exp).toBeLessThanOrEqual(now() + MAX_AGE);
      expect(exp).toBeGreaterThanOrEqual(now() + MAX_AGE - DEFAULT_MAX_RESERVE_AGE_MS);
      tick(37);
    }
  });
});
