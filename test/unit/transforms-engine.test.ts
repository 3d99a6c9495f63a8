import { describe, expect, it } from 'vitest';
import { runTransforms, runTransformsInPlace, MAX_ROUNDS } from '@/lib/session/transforms/engine';
import type { Transform } from '@/lib/session/transforms/types';
import { SessionError } from '@/lib/session/errors';
import { double } from '../support/transforms';

const label: Transform = {
  name: 'label',
  inputs: ['checkout.double'],
  outputs: ['rnb'],
  run: (inputs) => (inputs['checkout.double'] ? { rnb: { campaigns: Number(inputs['checkout.double']) > 10 ? 'big' : 'small' } } : {}),
};

describe('transform engine', () => {
  it('runs chains to a fixpoint, in rounds, and traces why each ran', async () => {
    const result = await runTransforms([label, double], { public: { n: { value: '6' } } }, { changed: ['public.n'], creating: false });
    expect(result.namespaces.checkout?.double?.value).toBe('12');
    expect(result.namespaces.rnb?.campaigns?.value).toBe('big');
    expect([...result.changed].sort()).toEqual(['checkout.double', 'rnb.campaigns']);
    expect(result.trace.map(({ round, transform, reason, changed }) => ({ round, transform, reason, changed }))).toEqual([
      { round: 1, transform: 'double', reason: ['public.n'], changed: ['checkout.double'] },
      { round: 2, transform: 'label', reason: ['checkout.double'], changed: ['rnb.campaigns'] },
    ]);
  });

  it('runs nothing when no input changed', async () => {
    const result = await runTransforms([double, label], { public: { n: { value: '6' } } }, { changed: ['public.other'], creating: false });
    expect(result.trace).toEqual([]);
    expect(result.changed.size).toBe(0);
  });

  it('passes every declared input, not only the changed one', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const both: Transform = { name: 'both', inputs: ['public.a', 'public.b'], outputs: ['rnb.campaigns'], run: (i) => (seen.push({ ...i }), {}) };
    await runTransforms([both], { public: { a: { value: '1' }, b: { value: '2' } } }, { changed: ['public.b'], creating: false });
    expect(seen).toEqual([{ 'public.a': '1', 'public.b': '2' }]);
  });

  it('removes owned keys the output leaves out, and whole owned namespaces when emptied', async () => {
    const start = { public: { n: { value: '' } }, checkout: { double: { value: '8' } }, rnb: { campaigns: { value: 'small' } } };
    const result = await runTransforms([double, label], start, { changed: ['public.n'], creating: false });
    expect(result.namespaces.checkout).toBeUndefined();
    expect(result.namespaces.rnb).toBeUndefined();
  });

  it('runs runOnCreate transforms on a new session only', async () => {
    const hello: Transform = { name: 'hello', inputs: [], outputs: ['store.hello'], runOnCreate: true, run: () => ({ store: { hello: 'world' } }) };
    expect((await runTransforms([hello], {}, { changed: [], creating: true })).namespaces.store?.hello?.value).toBe('world');
    expect((await runTransforms([hello], {}, { changed: [], creating: false })).namespaces.store).toBeUndefined();
  });

  it('refuses an output outside what the transform owns', async () => {
    const rogue: Transform = { name: 'rogue', inputs: ['public.n'], outputs: ['checkout.double'], run: () => ({ profile: { priceTables: 'vip' } }) };
    await expect(runTransforms([rogue], {}, { changed: ['public.n'], creating: false })).rejects.toMatchObject({
      code: 'transform_output_not_owned',
      message: expect.stringContaining('profile.priceTables'),
    });
  });

  it('refuses an output value that is not a string, before changing any key of that output', async () => {
    const half: Transform = {
      name: 'half',
      inputs: ['public.n'],
      outputs: ['checkout'],
      run: () => ({ checkout: { double: '4', broken: 7 as never } }),
    };
    const namespaces = { public: { n: { value: '2' } }, checkout: { double: { value: '1' }, left: { value: 'x' } } };
    let error: unknown;
    try {
      runTransformsInPlace([half], namespaces, { changed: ['public.n'], creating: false });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'transform_output_invalid', message: expect.stringContaining('checkout.broken') });
    expect(namespaces.checkout).toEqual({ double: { value: '1' }, left: { value: 'x' } });
  });

  it('keeps a value record as given (keepAlive) and drops owned keys the output leaves out', async () => {
    const kept: Transform = {
      name: 'kept',
      inputs: ['public.n'],
      outputs: ['checkout'],
      run: () => ({ checkout: { double: { value: '4', keepAlive: true }, plain: { value: 'p', keepAlive: false } } }),
    };
    const result = await runTransforms([kept], { public: { n: { value: '2' } }, checkout: { gone: { value: 'g' } } }, { changed: ['public.n'], creating: false });
    expect(result.namespaces.checkout).toEqual({ double: { value: '4', keepAlive: true }, plain: { value: 'p' } });
    expect([...result.changed].sort()).toEqual(['checkout.double', 'checkout.gone', 'checkout.plain']);
  });

  it('stops a runaway chain with a clear error naming what kept changing', async () => {
    const ping: Transform = { name: 'ping', inputs: ['rnb.pong'], outputs: ['checkout.ping'], run: (i) => ({ checkout: { ping: String(Number(i['rnb.pong'] ?? 0) + 1) } }) };
    const pong: Transform = { name: 'pong', inputs: ['checkout.ping'], outputs: ['rnb.pong'], run: (i) => ({ rnb: { pong: String(Number(i['checkout.ping'] ?? 0) + 1) } }) };
    const error = await runTransforms([ping, pong], {}, { changed: ['rnb.pong'], creating: false }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error.code).toBe('transform_loop');
    expect(error.message).toContain(`${MAX_ROUNDS} rounds`);
    expect(error.message).toMatch(/checkout\.ping|rnb\.pong/);
  });

  it('skips I/O transforms when asked (the middleware mode)', async () => {
    const remote: Transform = { ...double, name: 'remote', io: true };
    const result = await runTransforms([remote], { public: { n: { value: '2' } } }, { changed: ['public.n'], creating: false, skipIO: true });
    expect(result.namespaces.checkout).toBeUndefined();
  });

  it('does not touch the input namespaces', async () => {
    const input = { public: { n: { value: '3' } } };
    await runTransforms([double], input, { changed: ['public.n'], creating: false });
    expect(input).toEqual({ public: { n: { value: '3' } } });
  });
});
