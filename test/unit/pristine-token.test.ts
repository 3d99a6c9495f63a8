import { NextRequest, type NextResponse } from 'next/server';
import { unsealData as ironSessionUnseal } from 'iron-session';
import { describe, expect, it, vi } from 'vitest';
import { createSessionMiddleware } from '@/lib/next/middleware';
import { SessionEngine } from '@/lib/session/engine';
import { isThenable } from '@/lib/session/maybe';
import { secretId } from '@/lib/session/secrets';
import { decodeSegmentToken, deriveSegment } from '@/lib/session/segment';
import { cookieStore } from '@/lib/session/stores/cookie';
import { TokenCodec } from '@/lib/session/token';
import { fromWire } from '@/lib/session/token-wire';
import { builtInTransforms } from '@/lib/session/transforms/defaults';
import type { Transform } from '@/lib/session/transforms/types';
import { storeConfig } from '@/store.config';

const SECRET = 'pristine-token-secret-0123456789abcdefghij';
const DAY = 24 * 60 * 60 * 1000;
let clock = Date.UTC(2026, 0, 10);
const now = () => clock;

/** The demo's configuration with channel 1's currency changed: a deploy that changes what a new session gets. */
const changedConfig = {
  ...storeConfig,
  channels: storeConfig.channels.map((channel) => (channel.id === '1' ? { ...channel, currencyCode: 'USD', currencySymbol: 'US$' } : channel)),
};
/** Channel 2 bound to a host of its own. */
const hostBoundConfig = {
  ...storeConfig,
  channels: storeConfig.channels.map((channel) => (channel.id === '2' ? { ...channel, hosts: ['us.store.example'] } : channel)),
};

function middleware(config: typeof storeConfig = storeConfig, transforms: readonly Transform[] = builtInTransforms(config)) {
  // Pristine tokens from a first page view (a store that mints on the page); the Sessions API's are below.
  return createSessionMiddleware({ config, transforms, secrets: () => [SECRET], now, production: false, firstVisits: 'mint' });
}

/** A Sessions API engine: the cookie store, every transform. */
function apiEngine(config: typeof storeConfig = storeConfig) {
  return new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: builtInTransforms(config), account: config.account, now });
}

function pageRequest(url: string, cookies: Record<string, string> = {}): NextRequest {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return new NextRequest(url, { headers: { 'sec-fetch-mode': 'navigate', ...(cookie ? { cookie } : {}) } });
}

function cookiesOf(response: NextResponse): Record<string, string> {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(';')[0]!.split(/=(.*)/s).slice(0, 2)));
}

async function firstVisit(url = 'http://localhost:3000/', handler = middleware()) {
  const response = await handler(pageRequest(url));
  return { response, cookies: cookiesOf(response) };
}

async function sealedPayload(token: string) {
  const unsealed = await new TokenCodec({ secrets: [SECRET], cacheSize: 0, now }).unseal(token);
  if (unsealed.status !== 'valid') throw new Error(`token is ${unsealed.status}`);
  return unsealed.payload;
}

describe('pristine tokens: a new visitor carries which template, not the namespaces', () => {
  it('a first visit without URL inputs gets a token less than half as long as one that carries its namespaces', async () => {
    clock = Date.UTC(2026, 0, 10);
    const { cookies: plain } = await firstVisit();
    const { cookies: campaign } = await firstVisit('http://localhost:3000/?utm_source=newsletter');
    const pristine = await sealedPayload(plain.vtex_session!);
    expect(pristine).toEqual({ id: expect.any(String), v: 1, exp: clock + 8 * DAY, pristine: { host: 'localhost:3000', digest: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) } });
    expect((await sealedPayload(campaign.vtex_session!)).ns?.public?.utm_source?.value).toBe('newsletter');
    expect(plain.vtex_session!.length).toBeLessThan(campaign.vtex_session!.length / 2);
  });

  it('iron-session reads it as any other token: an id, a version, an expiry and the template', async () => {
    const { cookies } = await firstVisit();
    const read = await ironSessionUnseal<Record<string, unknown>>(cookies.vtex_session!, { password: { [secretId(SECRET)]: SECRET }, ttl: 0 });
    expect(Object.keys(read).sort()).toEqual(['e', 'i', 'p', 'v']);
    expect(read.p).toEqual(['localhost:3000', expect.stringMatching(/^[A-Za-z0-9_-]{12}$/)]);
  });

  it('the Sessions API on another server opens it to the session a new visitor gets, with the same id, and keeps it', async () => {
    const { cookies } = await firstVisit();
    const sealed = await sealedPayload(cookies.vtex_session!);
    const engine = apiEngine();
    const opened = await engine.open(cookies.vtex_session!, { host: 'localhost:3000' });
    expect(opened.origin).toBe('existing');
    expect(opened.needsCookie).toBe(false);
    expect(opened.session.id).toBe(sealed.id);
    expect(opened.session.expiresAt).toBe(sealed.exp);
    const { session: minted } = await engine.mint({ host: 'localhost:3000', skipIO: true });
    expect(opened.session.namespaces).toEqual(minted.namespaces);
    expect(deriveSegment(opened.session.namespaces)).toEqual(decodeSegmentToken(cookies.vtex_segment!));
  });

  it('a write seals the namespaces, the template\'s and the written ones', async () => {
    const { cookies } = await firstVisit();
    const engine = apiEngine();
    const written = await engine.write(cookies.vtex_session!, { public: { postalCode: '01310-100' } }, { host: 'localhost:3000' });
    expect(written.origin).toBe('existing');
    const tokens = await engine.issue(written.session);
    const payload = await sealedPayload(tokens.sessionToken);
    expect(payload.pristine).toBeUndefined();
    expect(payload.ns?.public?.postalCode?.value).toBe('01310-100');
    expect(payload.ns?.store?.currencyCode?.value).toBe('BRL');
    expect(payload.id).toBe((await sealedPayload(cookies.vtex_session!)).id);
  });

  it('keeps the host it was minted for: a host bound to a channel opens to that channel, whichever host reads it', async () => {
    const { cookies } = await firstVisit('http://us.store.example/', middleware(hostBoundConfig));
    expect((await sealedPayload(cookies.vtex_session!)).pristine?.host).toBe('us.store.example');
    const opened = await apiEngine(hostBoundConfig).open(cookies.vtex_session!, { host: 'localhost:3000' });
    expect(opened.origin).toBe('existing');
    expect(opened.session.namespaces.store?.channel?.value).toBe('2');
    expect(opened.session.namespaces.store?.currencyCode?.value).toBe('USD');
  });

  it('once the configuration changes what a new session gets, the token opens to a fresh session, never to other namespaces', async () => {
    const { cookies } = await firstVisit();
    const sealed = await sealedPayload(cookies.vtex_session!);
    const opened = await apiEngine(changedConfig).open(cookies.vtex_session!, { host: 'localhost:3000' });
    expect(opened.origin).toBe('invalid');
    expect(opened.needsCookie).toBe(true);
    expect(opened.session.id).not.toBe(sealed.id);
    expect(opened.session.namespaces.store?.currencyCode?.value).toBe('USD');
  });

  it('a server that meets another configuration\'s template says so once in its log (a deploy, or a middleware and an API configured apart)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const same = apiEngine();
      const first = await firstVisit();
      expect((await same.open(first.cookies.vtex_session!, { host: 'localhost:3000' })).origin).toBe('existing');
      expect(warn).not.toHaveBeenCalled();

      const changed = apiEngine(changedConfig);
      const { digest } = (await sealedPayload(first.cookies.vtex_session!)).pristine!;
      expect((await changed.open(first.cookies.vtex_session!, { host: 'localhost:3000' })).origin).toBe('invalid');
      expect(warn).toHaveBeenCalledTimes(1);
      const [message] = warn.mock.calls[0] as [string];
      expect(message).toContain(`names the template ${digest} for "localhost:3000"`);
      expect(message).toMatch(/this server's is [A-Za-z0-9_-]{12}\./);
      expect(message).not.toContain(`this server's is ${digest}`);
      // Every other new visitor of that configuration: not said again.
      for (let i = 0; i < 3; i++) await changed.open((await firstVisit()).cookies.vtex_session!, { host: 'localhost:3000' });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('the middleware of a changed configuration gives such a visitor a fresh session once it reads the token', async () => {
    clock = Date.UTC(2026, 0, 10);
    const { cookies } = await firstVisit();
    const sealed = await sealedPayload(cookies.vtex_session!);
    const changed = middleware(changedConfig);
    // URL inputs make it read the token (no tag shortcut): the template is not the one it names.
    const read = await changed(pageRequest('http://localhost:3000/?utm_source=mail', cookies));
    const fresh = await sealedPayload(cookiesOf(read).vtex_session!);
    expect(fresh.id).not.toBe(sealed.id);
    expect(fresh.ns?.store?.currencyCode?.value).toBe('USD');
    expect(decodeSegmentToken(cookiesOf(read).vtex_segment!).currencyCode).toBe('USD');
    // Without inputs, the token's tag names its variant until renewal is due; then it is read, and replaced.
    clock += 2 * DAY;
    const renewed = await changed(pageRequest('http://localhost:3000/', cookies));
    const replaced = await sealedPayload(cookiesOf(renewed).vtex_session!);
    expect(replaced.id).not.toBe(sealed.id);
    expect(decodeSegmentToken(cookiesOf(renewed).vtex_segment!).currencyCode).toBe('USD');
    clock = Date.UTC(2026, 0, 10);
  });

  it('renewal keeps it by reference: same id, same template, a later expiry', async () => {
    clock = Date.UTC(2026, 0, 10);
    const handler = middleware();
    const { cookies } = await firstVisit(undefined, handler);
    const sealed = await sealedPayload(cookies.vtex_session!);
    clock += 2 * DAY;
    // Another instance, which has not seen the token.
    const response = await middleware()(pageRequest('http://localhost:3000/', cookies));
    const renewed = await sealedPayload(cookiesOf(response).vtex_session!);
    expect(renewed).toEqual({ ...sealed, exp: clock + 8 * DAY });
    clock = Date.UTC(2026, 0, 10);
  });

  it('once expired, it is replaced by a new pristine session: nothing of the template to carry over', async () => {
    clock = Date.UTC(2026, 0, 10);
    const { cookies } = await firstVisit();
    const sealed = await sealedPayload(cookies.vtex_session!);
    clock += 9 * DAY;
    const response = await middleware()(pageRequest('http://localhost:3000/', cookies));
    expect(response.headers.get('server-timing')).toMatch(/desc="expired"/);
    const replaced = await sealedPayload(cookiesOf(response).vtex_session!);
    expect(replaced.id).not.toBe(sealed.id);
    expect(replaced.pristine).toEqual(sealed.pristine);
    expect(replaced.exp).toBe(clock + 8 * DAY);
    clock = Date.UTC(2026, 0, 10);
  });

  it('so is an expired token that carries namespaces but no keepAlive value beyond the account id every session gets', async () => {
    clock = Date.UTC(2026, 0, 10);
    const { cookies } = await firstVisit('http://localhost:3000/?utm_source=newsletter');
    const sealed = await sealedPayload(cookies.vtex_session!);
    expect(sealed.ns?.public?.utm_source?.value).toBe('newsletter');
    clock += 9 * DAY;
    const response = await middleware()(pageRequest('http://localhost:3000/', cookies));
    expect(response.headers.get('server-timing')).toMatch(/desc="expired"/);
    const replaced = await sealedPayload(cookiesOf(response).vtex_session!);
    expect(replaced.id).not.toBe(sealed.id);
    expect(replaced.pristine?.host).toBe('localhost:3000');
    clock = Date.UTC(2026, 0, 10);
  });

  it('a template whose transforms wait is minted once per host; its tokens then open synchronously', async () => {
    let mints = 0;
    const waiting: Transform = {
      name: 'waits',
      inputs: [],
      outputs: ['public.greeting'],
      runOnCreate: true,
      run: async () => {
        mints++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { public: { greeting: 'hello' } };
      },
    };
    const transforms = [...builtInTransforms(storeConfig), waiting];
    const { cookies } = await firstVisit(undefined, middleware(storeConfig, transforms));
    const engine = new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms, account: storeConfig.account, now });
    mints = 0;
    const first = engine.unsealNow(cookies.vtex_session!);
    expect(isThenable(first)).toBe(true);
    const opened = await first;
    expect(opened.status === 'valid' && opened.payload.ns?.public?.greeting?.value).toBe('hello');
    const again = engine.unsealNow(cookies.vtex_session!);
    expect(isThenable(again)).toBe(false);
    expect(again).toEqual(opened);
    expect(mints).toBe(1);
  });

  it('with the built-in transforms, a host\'s template is minted without a promise: nobody signed in, nothing to look up', () => {
    const engine = apiEngine();
    const template = engine.pristine.template('localhost:3000');
    expect(isThenable(template)).toBe(false);
    if (isThenable(template)) return;
    expect(template.namespaces.profile).toEqual({ isAuthenticated: { value: 'false' } });
    expect(template.namespaces.impersonate).toEqual({ canImpersonate: { value: 'false' } });
  });

  it('a Sessions API write with no cookie answers at once (writeNow), the new session included', () => {
    const written = apiEngine().writeNow(undefined, { public: { utm_source: 'mail' } }, { host: 'localhost:3000' });
    expect(isThenable(written)).toBe(false);
    if (isThenable(written)) return;
    expect(written.origin).toBe('new');
    expect(written.session.namespaces.public?.utm_source?.value).toBe('mail');
  });

  it('refuses a malformed reference', () => {
    const base = { i: 'id', v: 1, e: 1 };
    for (const p of ['host', ['host'], ['host', 1], [1, 'digest'], ['host', 'digest', 'extra'], null, {}]) {
      expect(fromWire({ ...base, p }), JSON.stringify(p)).toBeNull();
    }
    expect(fromWire({ ...base, p: ['host', 'digest'] })).toEqual({ id: 'id', v: 1, exp: 1, pristine: { host: 'host', digest: 'digest' } });
  });
});

describe('pristine tokens from the Sessions API: what it issues for a session that is still the template', () => {
  const host = 'localhost:3000';

  it('a renewal by the API seals the reference again, as the middleware\'s does', async () => {
    clock = Date.UTC(2026, 0, 10);
    const { cookies } = await firstVisit();
    const sealed = await sealedPayload(cookies.vtex_session!);
    clock += 2 * DAY;
    const engine = apiEngine();
    const opened = await engine.open(cookies.vtex_session!, { host });
    expect(opened.needsCookie).toBe(true);
    const tokens = await engine.issue(opened.session, opened.storedVersion);
    expect(await sealedPayload(tokens.sessionToken)).toEqual({ ...sealed, exp: clock + 8 * DAY });
    clock = Date.UTC(2026, 0, 10);
  });

  it('a visitor the API meets first (no cookie) gets the short token a first page view gets; any server opens it to the same session', async () => {
    const engine = apiEngine();
    const opened = await engine.open(undefined, { host });
    expect(opened.origin).toBe('new');
    const tokens = await engine.issue(opened.session, opened.storedVersion);
    const payload = await sealedPayload(tokens.sessionToken);
    const page = await sealedPayload((await firstVisit()).cookies.vtex_session!);
    expect(payload).toEqual({ id: opened.session.id, v: 1, exp: opened.session.expiresAt, pristine: page.pristine });
    const read = await ironSessionUnseal<Record<string, unknown>>(tokens.sessionToken, { password: { [secretId(SECRET)]: SECRET }, ttl: 0 });
    expect(read.p).toEqual([host, page.pristine!.digest]);
    const elsewhere = await apiEngine().open(tokens.sessionToken, { host: 'another.host.example' });
    expect(elsewhere.origin).toBe('existing');
    expect(elsewhere.session.id).toBe(opened.session.id);
    expect(elsewhere.session.namespaces).toEqual(opened.session.namespaces);
    expect(decodeSegmentToken(tokens.segmentToken)).toEqual(deriveSegment(opened.session.namespaces));
  });

  it('so does a write with no cookie that changes nothing (an empty PATCH)', async () => {
    const engine = apiEngine();
    const written = await engine.write(undefined, {}, { host });
    expect(written.origin).toBe('new');
    const tokens = await engine.issue(written.session, written.storedVersion);
    expect((await sealedPayload(tokens.sessionToken)).pristine?.host).toBe(host);
  });

  it('a session with anything of its own carries its namespaces: a write, keepAlive values carried over, an edit in place', async () => {
    clock = Date.UTC(2026, 0, 10);
    const engine = apiEngine();
    // A write with no cookie: the new session has the written value.
    const written = await engine.write(undefined, { public: { postalCode: '01310-100' } }, { host });
    const writtenPayload = await sealedPayload((await engine.issue(written.session, written.storedVersion)).sessionToken);
    expect(writtenPayload.pristine).toBeUndefined();
    expect(writtenPayload.ns?.public?.postalCode?.value).toBe('01310-100');

    // An expired session with a keepAlive value of its own: the new one carries it.
    const expired = await new TokenCodec({ secrets: [SECRET], cacheSize: 0, now }).seal({
      id: 'expired-id',
      v: 2,
      exp: clock - 1,
      ns: { account: { id: { value: storeConfig.account.id, keepAlive: true } }, public: { loyalty: { value: 'gold', keepAlive: true } } },
    });
    const carried = await engine.open(expired, { host });
    expect(carried.origin).toBe('expired');
    const carriedPayload = await sealedPayload((await engine.issue(carried.session, carried.storedVersion)).sessionToken);
    expect(carriedPayload.pristine).toBeUndefined();
    expect(carriedPayload.ns?.public?.loyalty).toEqual({ value: 'gold', keepAlive: true });

    // A caller that edits a template session in place before issuing it: its edit is sealed, not the reference.
    const opened = await engine.open(undefined, { host });
    opened.session.namespaces.public = { note: { value: 'edited in place' } };
    const editedPayload = await sealedPayload((await engine.issue(opened.session, opened.storedVersion)).sessionToken);
    expect(editedPayload.pristine).toBeUndefined();
    expect(editedPayload.ns?.public?.note?.value).toBe('edited in place');
  });

  it('a template that cannot be minted without I/O leaves the API\'s own mint whole: its token carries the namespaces', async () => {
    // An I/O transform gives what a synchronous one needs; the template, minted without I/O, lacks it and throws.
    const lookup: Transform = { name: 'lookup', inputs: [], outputs: ['public.tier'], runOnCreate: true, io: true, run: async () => ({ public: { tier: 'gold' } }) };
    const needsTier: Transform = {
      name: 'needs-tier',
      inputs: ['public.tier'],
      outputs: ['public.discount'],
      runOnCreate: true,
      run: (inputs) => {
        if (!inputs['public.tier']) throw new Error('no tier');
        return { public: { discount: '10' } };
      },
    };
    const engine = new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: [...builtInTransforms(storeConfig), lookup, needsTier], account: storeConfig.account, now });
    const opened = await engine.open(undefined, { host });
    expect(opened.session.namespaces.public?.discount?.value).toBe('10');
    const payload = await sealedPayload((await engine.issue(opened.session, opened.storedVersion)).sessionToken);
    expect(payload.pristine).toBeUndefined();
    expect(payload.ns?.public?.discount?.value).toBe('10');
  });

  it('a mint whose I/O transform gives it more than the template has carries its namespaces', async () => {
    const lookup: Transform = { name: 'lookup', inputs: [], outputs: ['public.tier'], runOnCreate: true, io: true, run: async () => ({ public: { tier: 'gold' } }) };
    const engine = new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: [...builtInTransforms(storeConfig), lookup], account: storeConfig.account, now });
    const opened = await engine.open(undefined, { host });
    const payload = await sealedPayload((await engine.issue(opened.session, opened.storedVersion)).sessionToken);
    expect(payload.pristine).toBeUndefined();
    expect(payload.ns?.public?.tier?.value).toBe('gold');
  });

  it('without a host the API cannot name the template, and the token carries the namespaces', async () => {
    const engine = apiEngine();
    const opened = await engine.open(undefined);
    const payload = await sealedPayload((await engine.issue(opened.session, opened.storedVersion)).sessionToken);
    expect(payload.pristine).toBeUndefined();
    expect(payload.ns?.account?.id?.value).toBe(storeConfig.account.id);
  });
});
