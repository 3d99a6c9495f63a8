import { describe, expect, it } from 'vitest';
import { signIn, signInWithPassword, signOut } from '@/lib/session/auth';
import { decodeSegmentToken } from '@/lib/session/segment';
import { IMPERSONATION_KEY } from '@/lib/session/transforms/impersonate';
import { commerceEngine, demoDirectory, stores, tokenOf, valueAt } from '../support/commerce-engine';

const OPERATOR = { id: 'c-9001', email: 'operator@store.example' };
const BUYER = { id: 'c-1001', email: 'buyer@b2b.example' };
const SHOPPER = { id: 'c-1002', email: 'shopper@example.com' };

describe.each(stores)('profile and impersonation (%s store)', (_name, makeStore) => {
  it('gives a visitor isAuthenticated "false", canImpersonate "false" and nothing else', async () => {
    const { session } = await commerceEngine({ store: makeStore() }).open(undefined);
    expect(session.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });
    expect(session.namespaces.impersonate).toEqual({ canImpersonate: { value: 'false' } });
  });

  it('fills the profile from the directory on sign-in', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const result = await signIn(engine, null, BUYER);
    expect(result.session.namespaces.profile).toEqual({
      isAuthenticated: { value: 'true' },
      id: { value: 'c-1001' },
      email: { value: 'buyer@b2b.example' },
      firstName: { value: 'Beatriz' },
      lastName: { value: 'Almeida' },
      priceTables: { value: 'b2b-gold' },
    });
    expect(result.session.namespaces.authentication).toEqual({ storeUserId: { value: 'c-1001' }, storeUserEmail: { value: 'buyer@b2b.example' } });
    const shopper = await signIn(engine, null, SHOPPER);
    expect(valueAt(shopper.session.namespaces, 'profile.priceTables')).toBeUndefined();
  });

  it('treats a user the directory does not know as not signed in', async () => {
    const result = await signIn(commerceEngine({ store: makeStore() }), null, { id: 'deleted-user' });
    expect(result.session.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });
  });

  it('lets an operator impersonate a customer, price tables included, and stop', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const signedIn = await signIn(engine, null, OPERATOR);
    expect(valueAt(signedIn.session.namespaces, 'impersonate.canImpersonate')).toBe('true');
    expect(valueAt(signedIn.session.namespaces, 'profile.email')).toBe('operator@store.example');

    const on = await engine.write(await tokenOf(engine, signedIn), { public: { [IMPERSONATION_KEY]: 'Buyer@B2B.example' } });
    expect(on.session.namespaces.impersonate).toEqual({
      canImpersonate: { value: 'true' },
      storeUserId: { value: 'c-1001' },
      storeUserEmail: { value: 'buyer@b2b.example' },
    });
    expect(valueAt(on.session.namespaces, 'profile.email')).toBe('buyer@b2b.example');
    expect(valueAt(on.session.namespaces, 'profile.priceTables')).toBe('b2b-gold');
    expect(valueAt(on.session.namespaces, 'authentication.storeUserId')).toBe('c-9001');
    expect(decodeSegmentToken((await engine.issue(on.session, on.storedVersion)).segmentToken).priceTables).toBe('b2b-gold');

    const off = await engine.write(await tokenOf(engine, on), { public: { [IMPERSONATION_KEY]: '' } });
    expect(off.session.namespaces.impersonate).toEqual({ canImpersonate: { value: 'true' } });
    expect(valueAt(off.session.namespaces, 'profile.email')).toBe('operator@store.example');
    expect(valueAt(off.session.namespaces, 'profile.priceTables')).toBeUndefined();
  });

  it('ignores the impersonation key for visitors and shoppers', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const visitor = await engine.write(null, { public: { [IMPERSONATION_KEY]: 'buyer@b2b.example' } });
    expect(visitor.session.namespaces.impersonate).toEqual({ canImpersonate: { value: 'false' } });
    expect(visitor.session.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });

    const shopper = await signIn(engine, null, SHOPPER);
    const tried = await engine.write(await tokenOf(engine, shopper), { public: { [IMPERSONATION_KEY]: 'buyer@b2b.example' } });
    expect(tried.session.namespaces.impersonate).toEqual({ canImpersonate: { value: 'false' } });
    expect(valueAt(tried.session.namespaces, 'profile.email')).toBe('shopper@example.com');
    expect(valueAt(tried.session.namespaces, 'profile.priceTables')).toBeUndefined();
  });

  it('refuses unknown customers (404) and other operators (403), changing nothing', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const token = await tokenOf(engine, await signIn(engine, null, OPERATOR));
    await expect(engine.write(token, { public: { [IMPERSONATION_KEY]: 'nobody@example.com' } })).rejects.toMatchObject({ status: 404, code: 'customer_not_found' });
    await expect(engine.write(token, { public: { [IMPERSONATION_KEY]: 'operator@store.example' } })).rejects.toMatchObject({
      status: 403,
      code: 'impersonation_forbidden',
    });
    const after = await engine.open(token);
    expect(valueAt(after.session.namespaces, `public.${IMPERSONATION_KEY}`)).toBeUndefined();
  });

  it('ends impersonation on sign-out and does not resume it on the next sign-in', async () => {
    const engine = commerceEngine({ store: makeStore() });
    const signedIn = await signIn(engine, null, OPERATOR);
    const on = await engine.write(await tokenOf(engine, signedIn), { public: { [IMPERSONATION_KEY]: 'buyer@b2b.example', postalCode: '01310-100' } });
    const out = await signOut(engine, await tokenOf(engine, on));
    expect(out.session.namespaces.impersonate).toEqual({ canImpersonate: { value: 'false' } });
    expect(out.session.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });
    expect(valueAt(out.session.namespaces, `public.${IMPERSONATION_KEY}`)).toBeUndefined();
    expect(valueAt(out.session.namespaces, 'public.postalCode')).toBe('01310-100');
    const again = await signIn(engine, await tokenOf(engine, out), OPERATOR);
    expect(valueAt(again.session.namespaces, 'impersonate.storeUserId')).toBeUndefined();
    expect(valueAt(again.session.namespaces, 'profile.email')).toBe('operator@store.example');
  });
});

describe('sign-in and sign-out', () => {
  it.each(stores)('rotates the session id and keeps public inputs (%s store)', async (_name, makeStore) => {
    const engine = commerceEngine({ store: makeStore() });
    const visitor = await engine.write(null, { public: { postalCode: '01310-100', utm_source: 'newsletter', utm_campaign: 'blackfriday' } });
    const before = await tokenOf(engine, visitor);
    const signedIn = await signInWithPassword(engine, demoDirectory, before, { email: 'shopper@example.com', password: 'demo' });
    expect(signedIn.session.id).not.toBe(visitor.session.id);
    expect(signedIn.session.namespaces.public).toEqual(visitor.session.namespaces.public);
    expect(valueAt(signedIn.session.namespaces, 'checkout.regionId')).toBe(valueAt(visitor.session.namespaces, 'checkout.regionId'));

    const out = await signOut(engine, await tokenOf(engine, signedIn));
    expect(out.session.id).not.toBe(signedIn.session.id);
    expect(out.session.namespaces.public).toEqual(visitor.session.namespaces.public);
    expect(out.session.namespaces.authentication).toBeUndefined();
  });

  it('makes the pre-login id worthless with a server-side store (no session fixation)', async () => {
    const engine = commerceEngine();
    const visitor = await engine.write(null, { public: { utm_source: 'x' } });
    const planted = await tokenOf(engine, visitor);
    const signedIn = await signIn(engine, planted, BUYER);
    const replay = await engine.open(planted);
    expect(replay.origin).toBe('revoked');
    expect(replay.session.id).not.toBe(signedIn.session.id);
    expect(replay.session.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });
  });

  it('refuses bad credentials with a 401 that changes nothing', async () => {
    const engine = commerceEngine();
    const visitor = await engine.write(null, { public: { utm_source: 'x' } });
    const token = await tokenOf(engine, visitor);
    for (const credentials of [
      { email: 'buyer@b2b.example', password: 'wrong' },
      { email: 'nobody@example.com', password: 'demo' },
      { email: '', password: '' },
    ]) {
      await expect(signInWithPassword(engine, demoDirectory, token, credentials)).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    }
    const after = await engine.open(token);
    expect(after.origin).toBe('existing');
    expect(after.session.version).toBe(visitor.session.version);
  });
});
