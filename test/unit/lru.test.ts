import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Lru } from '@/lib/session/lru';

describe('Lru', () => {
  it('forgets the oldest entry past its capacity, and an entry read once it aged survives', () => {
    const lru = new Lru<string, number>(4);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) lru.set(key, i);
    // `a` is the oldest of four: read, it moves to the young end, and `b` goes next.
    expect(lru.get('a')).toBe(0);
    lru.set('e', 4);
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c'), lru.get('d'), lru.get('e')]).toEqual([0, 2, 3, 4]);
    expect(lru.size).toBe(4);
  });

  it('keeps its weight bound, and counts a replaced entry once', () => {
    const lru = new Lru<string, string>(100, { max: 10, weigh: (value) => value.length });
    lru.set('a', 'xxxx');
    lru.set('b', 'yyyy');
    lru.set('a', 'zz');
    expect(lru.weightTotal).toBe(6);
    lru.set('c', 'wwwww');
    // 11 > 10: the oldest (`b`, since `a` was set again) goes.
    expect(lru.get('b')).toBeUndefined();
    expect(lru.weightTotal).toBe(7);
    lru.delete('a');
    expect(lru.weightTotal).toBe(5);
  });

  it('an entry read while in the younger half is never the next evicted (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 80 })), { maxLength: 400 }), (capacity, ops) => {
        const lru = new Lru<number, number>(capacity);
        let lastRead: number | null = null;
        for (const [isRead, key] of ops) {
          if (isRead) {
            if (lru.get(key) === key) lastRead = key;
            continue;
          }
          lru.set(key, key);
          // One insertion evicts at most one entry, never the one read last (unless it was just replaced by the same key).
          if (lastRead !== null && lastRead !== key) expect(lru.get(lastRead)).toBe(lastRead);
          lastRead = null;
        }
        expect(lru.size).toBeLessThanOrEqual(capacity);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Lru.getOrSet', () => {
  it('makes a value once and keeps it, null included, and forgets it like any entry', () => {
    const lru = new Lru<string, string | null>(2);
    let made = 0;
    const make = (value: string | null) => () => (made++, value);
    expect(lru.getOrSet('a', make('A'))).toBe('A');
    expect(lru.getOrSet('a', make('other'))).toBe('A');
    expect(lru.getOrSet('n', make(null))).toBeNull();
    expect(lru.getOrSet('n', make('other'))).toBeNull();
    expect(made).toBe(2);
    lru.getOrSet('b', make('B'));
    expect(lru.get('a')).toBeUndefined();
    expect(lru.getOrSet('a', make('A again'))).toBe('A again');
    expect(made).toBe(4);
  });
});
