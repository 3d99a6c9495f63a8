import { describe, expect, it } from 'vitest';
import { signIn, signOut } from '@/lib/session/auth';
import { SessionError } from '@/lib/session/errors';
import { decodeSegmentToken } from '@/lib/session/segment';
import { regionIdOf } from '@/lib/session/regions/types';
import { IMPERSONATION_KEY } from '@/lib/session/transforms/impersonate';
import type { Transform } from '@/lib/session/transforms/types';
import { commerceEngine, stores, tokenOf, valueAt } from '../support/commerce-engine';

const segmentOf = async (engine: ReturnType<typeof commerceEngine>, result: Awaited<ReturnType<ReturnType<typeof commerceEngine>['write']>>) =>
  decodeSegmentToken((await engine.issue(result.session, result.storedVersion)).segmentToken);

describe.each(stores)('transform chains (%s store)', (_name, makeStore) => {
  it('postal code -> region -> segment -> audience', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const result = await engine.write(null, { public: { country: 'BRA', postalCode: '04538-132' } }, { debug: true });
    const segment = await segmentOf(engine, result);
    expect(segment.regionId).toBe(regionIdOf(['1', 'sp-sul']));
    expect(segment.campaigns).toBe('sp-local');
    expect(valueAt(result.session.namespaces, 'rnb.campaigns')).toBe('sp-local');
    expect(result.trace.map((step) => step.transform)).toEqual(expect.arrayContaining(['checkout', 'rnb']));

    const moved = await engine.write(await tokenOf(engine, result), { public: { postalCode: '69900-000' } });
    const after = await segmentOf(engine, moved);
    expect(after.regionId).toBeNull();
    expect(after.campaigns).toBeNull();
    expect(moved.session.namespaces.rnb).toBeUndefined();
  });

  it('UTMs -> audience -> segment, from the very first write', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const result = await engine.write(null, { public: { utm_source: 'email', utm_campaign: 'blackfriday' } });
    const segment = await segmentOf(engine, result);
    expect(segment.campaigns).toBe('blackfriday');
    expect(segment.utm_campaign).toBe('blackfriday');
    const minted = await engine.mint({ public: { utm_campaign: 'BlackFriday' } });
    expect(valueAt(minted.session.namespaces, 'rnb.campaigns')).toBe('blackfriday');
  });

  it('login -> profile -> price table -> private channel -> segment, and back on logout', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const visitor = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100', utm_campaign: 'blackfriday' } });
    await expect(engine.write(await tokenOf(engine, visitor), { public: { sc: '3' } })).rejects.toMatchObject({ status: 401, code: 'channel_requires_login' });

    const buyer = await signIn(engine, await tokenOf(engine, visitor), { id: 'c-1001' });
    let segment = await segmentOf(engine, buyer);
    expect(segment.priceTables).toBe('b2b-gold');
    expect(segment.campaigns).toBe('b2b-vip,blackfriday,sp-local');
    expect(segment.channel).toBe('1');

    const b2b = await engine.write(await tokenOf(engine, buyer), { public: { sc: '3' } });
    segment = await segmentOf(engine, b2b);
    expect(segment).toMatchObject({ channel: '3', channelPrivacy: 'private', priceTables: 'b2b-gold', regionId: regionIdOf(['1', 'sp-centro', 'sp-express']) });

    const out = await signOut(engine, await tokenOf(engine, b2b));
    segment = await segmentOf(engine, out);
    expect(segment).toMatchObject({ channel: '1', channelPrivacy: 'public', priceTables: null, campaigns: 'blackfriday,sp-local' });
    expect(valueAt(out.session.namespaces, 'public.sc')).toBe('3');
  });

  it('a shopper without the price table gets 403 on the private channel', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const shopper = await signIn(engine, null, { id: 'c-1002' });
    await expect(engine.write(await tokenOf(engine, shopper), { public: { sc: '3' } })).rejects.toMatchObject({ status: 403, code: 'channel_forbidden' });
  });

  it('impersonation on and off moves price tables, channel access and campaigns', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const operator = await signIn(engine, null, { id: 'c-9001' });
    expect((await segmentOf(engine, operator)).campaigns).toBeNull();
    await expect(engine.write(await tokenOf(engine, operator), { public: { sc: '3' } })).rejects.toMatchObject({ status: 403 });

    const on = await engine.write(await tokenOf(engine, operator), { public: { [IMPERSONATION_KEY]: 'buyer@b2b.example', sc: '3' } });
    expect(await segmentOf(engine, on)).toMatchObject({ channel: '3', priceTables: 'b2b-gold', campaigns: 'b2b-vip' });

    const off = await engine.write(await tokenOf(engine, on), { public: { [IMPERSONATION_KEY]: '' } });
    expect(await segmentOf(engine, off)).toMatchObject({ channel: '1', priceTables: null, campaigns: null });
  });

  it('fits a full session (signed in, impersonating, region, campaigns) in the cookie budget', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const operator = await signIn(engine, null, { id: 'c-9001' });
    const full = await engine.write(await tokenOf(engine, operator), {
      public: { [IMPERSONATION_KEY]: 'buyer@b2b.example', sc: '3', country: 'BRA', postalCode: '01310-100', utm_source: 'newsletter', utm_campaign: 'blackfriday', utmi_campaign: 'x' },
    });
    const tokens = await engine.issue(full.session, full.storedVersion);
    expect(tokens.sessionToken.length).toBeLessThan(3900);
  });
});

describe('loop guard under a real chain', () => {
  // A store-specific transform that (wrongly) rewrites a UTM from the campaigns it
  // causes: rnb and it keep feeding each other.
  const feedback: Transform = {
    name: 'campaign-echo',
    inputs: ['rnb.campaigns'],
    outputs: ['public.utm_campaign'],
    run: (inputs) => ({ public: { utm_campaign: inputs['rnb.campaigns'] === 'blackfriday' ? 'cybermonday' : 'blackfriday' } }),
  };

  it('stops with a clear 500 and changes nothing', async () => {
    const engine = commerceEngine({ extra: [feedback] });
    const visitor = await engine.write(null, { public: { postalCode: '69900-000' } });
    const token = await tokenOf(engine, visitor);
    const error = await engine.write(token, { public: { utm_campaign: 'blackfriday' } }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({ status: 500, code: 'transform_loop' });
    expect(error.message).toMatch(/rnb\.campaigns|public\.utm_campaign/);
    const after = await engine.open(token);
    expect(after.session.version).toBe(visitor.session.version);
    expect(valueAt(after.session.namespaces, 'public.utm_campaign')).toBeUndefined();
  });
});
