import { describe, expect, it } from 'vitest';
import { isThenable } from '@/lib/session/maybe';
import { SessionEngine } from '@/lib/session/engine';
import { cookieStore } from '@/lib/session/stores/cookie';
import { runTransforms, runTransformsInPlace } from '@/lib/session/transforms/engine';
import { checkoutTransform } from '@/lib/session/transforms/checkout';
import type { Transform } from '@/lib/session/transforms/types';
import type { Namespaces } from '@/lib/session/types';
import { VariantCodec } from '@/lib/session/variant';
import { memoryVariantRegistry, VariantIssuer } from '@/lib/session/variant-registry';
import { embeddedRegionResolver } from '@/lib/session/regions/embedded';
import { sessionTransforms } from '@/session-transforms';
import { storeConfig } from '@/store.config';
import { double } from '../support/transforms';

/*
 * The cookie store with embedded regions makes no promise between a write's request
 * and its tokens (each promise costs Next's async hooks): these are the places that
 * answer synchronously when they can, and still wait when they must.
 */

const SECRET = 'sync-paths-secret-0123456789-abcdefghijk';

const later: Transform = {
  name: 'later',
  inputs: ['checkout.double'],
  outputs: ['rnb'],
  run: async (inputs) => ({ rnb: { campaigns: `c${inputs['checkout.double']}` } }),
};

const input = (): Namespaces => ({ public: { n: { value: '6' } }, checkout: { double: { value: '2' } } });

describe('transforms without promises', () => {
  it('answers at once when every transform that runs answers at once, changing the caller copy in place', () => {
    const namespaces = input();
    const result = runTransformsInPlace([double], namespaces, { changed: ['public.n'], creating: false });
    expect(isThenable(result)).toBe(false);
    if (isThenable(result)) return;
    expect(result.namespaces).toBe(namespaces);
    expect(namespaces.checkout?.double?.value).toBe('12');
    expect([...result.changed]).toEqual(['checkout.double']);
  });

  it('waits for a transform that answers later, and goes on from there', async () => {
    const result = runTransformsInPlace([double, later], input(), { changed: ['public.n'], creating: false });
    expect(isThenable(result)).toBe(true);
    const settled = await result;
    expect(settled.namespaces.rnb?.campaigns?.value).toBe('c12');
    expect([...settled.changed].sort()).toEqual(['checkout.double', 'rnb.campaigns']);
  });

  it('runTransforms leaves its input as it was', async () => {
    const original = input();
    const result = await runTransforms([double, later], original, { changed: ['public.n'], creating: false });
    expect(original).toEqual(input());
    expect(result.namespaces).not.toBe(original);
  });

  it('reports only values that end up different from before the run', () => {
    const up: Transform = { name: 'up', inputs: ['public.n'], outputs: ['checkout.double'], run: () => ({ checkout: { double: '99' } }) };
    const back: Transform = { name: 'back', inputs: ['checkout.double'], outputs: ['rnb'], run: () => ({}) };
    const result = runTransformsInPlace([up, back], input(), { changed: ['public.n'], creating: false });
    if (isThenable(result)) throw new Error('expected a synchronous run');
    expect([...result.changed]).toEqual(['checkout.double']);
    const again = runTransformsInPlace([up], { public: { n: { value: '1' } }, checkout: { double: { value: '99' } } }, { changed: ['public.n'], creating: false });
    if (isThenable(again)) throw new Error('expected a synchronous run');
    expect([...again.changed]).toEqual([]);
  });

  it('tells a transform what changed only when it asks, and then what had changed when it ran', () => {
    const seen: string[][] = [];
    const asks: Transform = { name: 'asks', inputs: ['checkout.double'], outputs: ['rnb'], run: (_inputs, context) => (seen.push([...context.changed].sort()), {}) };
    runTransformsInPlace([double, asks], input(), { changed: ['public.n'], creating: false });
    expect(seen).toEqual([['checkout.double', 'public.n']]);
  });

  it('the checkout transform answers at once from embedded regions', () => {
    const transform = checkoutTransform(embeddedRegionResolver(storeConfig.regions));
    const answer = transform.run({ 'public.country': 'BRA', 'public.postalCode': '01310-100' }, {
      changed: new Set(['public.postalCode']),
      requestChanged: new Set(['public.postalCode']),
      creating: false,
      namespaces: {},
    });
    expect(isThenable(answer)).toBe(false);
    expect((answer as { checkout?: { regionId?: string } }).checkout?.regionId).toBeTruthy();
  });
});

describe('the engine on RecentSessions data', () => {
  it('hands open() a copy: changing it changes neither what this instance remembers nor the next write', async () => {
    const engine = new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: sessionTransforms, account: storeConfig.account });
    const first = await engine.write(null, { public: { quantity: '1' } });
    const oldToken = (await engine.issue(first.session, first.storedVersion)).sessionToken;
    const second = await engine.write(oldToken, { public: { quantity: '3' } });
    await engine.issue(second.session, second.storedVersion);

    const opened = await engine.open(oldToken);
    expect(opened.session.namespaces.public?.quantity?.value).toBe('3');
    opened.session.namespaces.public!.quantity!.value = 'tampered';
    opened.session.expiresAt = 0;
    expect((await engine.open(oldToken)).session.namespaces.public?.quantity?.value).toBe('3');

    const third = await engine.write(oldToken, { public: { colour: 'blue' } });
    expect(third.session.namespaces.public).toMatchObject({ quantity: { value: '3' }, colour: { value: 'blue' } });
    // The write changed its own copy, not the remembered session.
    expect((await engine.open(oldToken)).session.namespaces.public?.colour).toBeUndefined();
  });
});

describe('writes and tokens without promises', () => {
  const engine = () => new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: sessionTransforms, account: storeConfig.account });

  it('writeNow and issueNow answer a returning visitor at once with the cookie store and embedded regions, as write and issue answer later', async () => {
    const e = engine();
    const first = await e.write(null, { public: { utm_source: 'news' } });
    const token = (await e.issue(first.session, first.storedVersion)).sessionToken;
    const written = e.writeNow(token, { public: { country: 'BRA', postalCode: '05408-000' } });
    if (isThenable(written)) throw new Error('expected a write answered at once');
    const awaited = await e.write(token, { public: { country: 'BRA', postalCode: '05408-000' } });
    expect(written.session.namespaces.checkout).toEqual(awaited.session.namespaces.checkout);
    expect(written.session.namespaces.rnb).toEqual(awaited.session.namespaces.rnb);
    expect(written.changed.sort()).toEqual(awaited.changed.sort());

    const issued = e.issueNow(written.session, written.storedVersion);
    if (isThenable(issued)) throw new Error('expected tokens at once');
    const reopened = await e.open(issued.sessionToken);
    expect(reopened.origin).toBe('existing');
    expect(reopened.session.id).toBe(first.session.id);
    expect(reopened.session.namespaces.public?.postalCode?.value).toBe('05408-000');
    expect(issued.segment.regionId).toBe(written.session.namespaces.checkout?.regionId?.value);
  });

  it('writeNow waits for a transform that answers later, and refuses a bad edit before changing anything', async () => {
    const e = new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: [double, later], account: storeConfig.account });
    const first = await e.write(null, {});
    const token = (await e.issue(first.session, first.storedVersion)).sessionToken;
    const written = e.writeNow(token, { public: { n: '5' } });
    expect(isThenable(written)).toBe(true);
    expect((await written).session.namespaces.rnb?.campaigns?.value).toBe('c10');
    expect(() => e.writeNow(token, { public: { n: 'x'.repeat(10_000) } })).toThrow(/too long|longer/);
    const after = await e.open(token);
    expect(after.session.id).toBe(first.session.id);
    expect(after.session.namespaces.public?.n).toBeUndefined();
  });
});

describe('variant registration without promises', () => {
  it('issues and registers at once with a registry in memory, and waits for one that answers later', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const segment = { channel: '1', priceTables: null, regionId: 'U1cjMQ==', utm_campaign: null, utm_source: null, utmi_campaign: null, currencyCode: 'BRL', currencySymbol: 'R$', countryCode: 'BRA', cultureInfo: 'pt-BR', channelPrivacy: 'public', campaigns: 'x'.repeat(300) } as never;
    const memory = memoryVariantRegistry();
    const issued = new VariantIssuer(codec, () => memory).issue(segment);
    expect(isThenable(issued)).toBe(false);
    if (isThenable(issued) || !issued.entry) throw new Error('expected a code with a registry entry, at once');
    expect(await memory.get(issued.entry.digest)).toBe(issued.entry.body);

    const puts: string[] = [];
    const slow = { name: 'slow', get: async () => null, put: async (digest: string) => void puts.push(digest) };
    const waited = new VariantIssuer(codec, async () => slow).issue(segment);
    expect(isThenable(waited)).toBe(true);
    expect((await waited).code).toBe(issued.code);
    expect(puts).toEqual([issued.entry.digest]);
  });
});
