import { describe, expect, it } from 'vitest';
import { runTransforms } from '@/lib/session/transforms/engine';
import type { Transform } from '@/lib/session/transforms/types';

describe('transform engine: order within a round', () => {
  // `gate` refuses a request unless `who` has granted it; `who` runs first in the list.
  const who: Transform = { name: 'who', inputs: ['public.user'], outputs: ['profile.level'], run: (i) => (i['public.user'] === 'vip' ? { profile: { level: 'gold' } } : {}) };
  const gate: Transform = {
    name: 'gate',
    inputs: ['public.door', 'profile.level'],
    outputs: ['store.door'],
    run(i) {
      if (i['public.door'] === 'gold' && i['profile.level'] !== 'gold') throw new Error('refused');
      return i['public.door'] ? { store: { door: i['public.door'] } } : {};
    },
  };

  it('lets a transform see what earlier ones changed in the same round, so it never judges stale inputs', async () => {
    const result = await runTransforms([who, gate], { public: { user: { value: 'vip' }, door: { value: 'gold' } } }, { changed: ['public.user', 'public.door'], creating: false });
    expect(result.namespaces.store?.door?.value).toBe('gold');
    expect(result.trace.map(({ round, transform, reason }) => ({ round, transform, reason }))).toEqual([
      { round: 1, transform: 'who', reason: ['public.user'] },
      { round: 1, transform: 'gate', reason: ['public.door', 'profile.level'] },
    ]);
  });

  it('runs a transform again when an input changes after it ran', async () => {
    const late: Transform = { ...who, name: 'late' };
    const result = await runTransforms([gate, late], { public: { door: { value: 'plain' }, user: { value: 'vip' } } }, { changed: ['public.user'], creating: false });
    expect(result.trace.map(({ round, transform }) => `${round}:${transform}`)).toEqual(['1:late', '2:gate']);
  });
});
