import { describe, expect, it } from 'vitest';
import type { Segment } from '@/lib/session/types';
import { DEFAULT_VARIANT_FIELDS, MAX_VARIANT_CODE_LENGTH, sameVariant, VariantCodec, variantBody } from '@/lib/session/variant';
import { memoryVariantRegistry, resolveVariant, VariantIssuer } from '@/lib/session/variant-registry';
import { regionIdOf } from '@/lib/session/regions/types';
import { segmentWith } from '../support/segments';

const SECRET = 'variant-test-secret-0123456789abcdefghij';
const OLD_SECRET = 'variant-old-secret-0123456789abcdefghijk';

const segment = segmentWith;
const marketplace = (n: number, from = 0) => regionIdOf(Array.from({ length: n }, (_, i) => `marketplace-seller-${String(i + from).padStart(2, '0')}`));

/** Changes one character of a code to another url-safe one. */
function alter(code: string, at: number): string {
  const replacement = code[at] === 'A' ? 'B' : 'A';
  return code.slice(0, at) + replacement + code.slice(at + 1);
}

/** A code's whole segment, through a registry the codec's issuer filled. */
async function roundTrip(codec: VariantCodec, source: Segment) {
  const registry = memoryVariantRegistry();
  const { code } = await new VariantIssuer(codec, () => registry).issue(source);
  return { code, resolved: await resolveVariant(new VariantCodec({ secrets: [SECRET, OLD_SECRET] }), registry, code) };
}

describe('variant codes', () => {
  it('are url-safe, at most 64 characters, and name their format in the first letter', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const fields of [{}, { regionId: marketplace(100), campaigns: 'a,b,c'.repeat(50), priceTables: 'x'.repeat(900) }]) {
      const code = codec.encode(segment(fields));
      expect(code).toMatch(/^[a-f][A-Za-z0-9_-]+$/);
      expect(code.length).toBeLessThanOrEqual(MAX_VARIANT_CODE_LENGTH);
    }
  });

  it('are synchronous', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const code = codec.encode(segment());
    expect(typeof code).toBe('string');
    expect(codec.decode(code)?.segment.channel).toBe('1');
  });

  it('give the same code for the same variant fields, whatever else differs', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const a = codec.encode(segment({ regionId: marketplace(12) }));
    const b = codec.encode(segment({ regionId: marketplace(12), utm_source: 'newsletter', utm_campaign: 'x', currencySymbol: 'BRL$' }));
    expect(b).toBe(a);
    // A second codec (another server, another worker) computes the same code.
    expect(new VariantCodec({ secrets: [SECRET] }).encode(segment({ regionId: marketplace(12) }))).toBe(a);
  });

  it('give different codes when any variant field differs, short or long', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const changes: Partial<Segment>[] = [
      {},
      { channel: '2' },
      { priceTables: 'gold' },
      { regionId: 'U1cj' },
      { campaigns: 'vip' },
      { currencyCode: 'USD' },
      { cultureInfo: 'en-US' },
      { countryCode: 'USA' },
      { channelPrivacy: 'private' },
      { channelPrivacy: null },
      { regionId: marketplace(12) },
      { regionId: marketplace(12, 1) },
      { regionId: marketplace(100) },
      { regionId: marketplace(100), campaigns: 'blackfriday,sp-local' },
      { regionId: marketplace(100), campaigns: 'blackfriday' },
      { regionId: marketplace(100), priceTables: 'b2b-gold' },
    ];
    const codes = changes.map((change) => codec.encode(segment(change)));
    expect(new Set(codes).size).toBe(changes.length);
  });

  it('keep short fields inline and need no registry for them', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const source = segment({ regionId: regionIdOf(['1']), campaigns: 'blackfriday' });
    const issued = codec.issue(source);
    expect(issued.entry).toBeNull();
    const decoded = codec.decode(issued.code)!;
    expect(decoded.digest).toBeNull();
    expect(decoded.unresolved.size).toBe(0);
    expect(decoded.segment).toEqual({ ...source, currencySymbol: null });
  });

  it('stand for long fields with a digest, and keep the leading short ones readable without the registry', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const source = segment({ regionId: marketplace(100), campaigns: 'blackfriday,sp-local', priceTables: 'b2b-gold', channel: '3', channelPrivacy: 'private' });
    const issued = codec.issue(source);
    expect(issued.entry).not.toBeNull();
    expect(issued.entry!.body).toBe(variantBody(source));
    const decoded = codec.decode(issued.code)!;
    expect(decoded.digest).toBe(issued.entry!.digest);
    expect(decoded.segment).toMatchObject({ channel: '3', currencyCode: 'BRL', countryCode: 'BRA', cultureInfo: 'pt-BR', priceTables: 'b2b-gold', channelPrivacy: 'private', regionId: null });
    expect([...decoded.unresolved]).toEqual(expect.arrayContaining(['regionId', 'campaigns']));
    expect(decoded.unresolved.has('channel')).toBe(false);

    const { resolved } = await roundTrip(codec, source);
    expect(resolved?.unresolved.size).toBe(0);
    expect(resolved?.segment).toEqual({ ...source, currencySymbol: null });
  });

  it('honour configured fields (UTMs when asked), and decode without a field list', async () => {
    const codec = new VariantCodec({ secrets: [SECRET], fields: [...DEFAULT_VARIANT_FIELDS, 'utm_source'] });
    const a = codec.encode(segment({ utm_source: 'news' }));
    const b = codec.encode(segment({ utm_source: 'ads' }));
    expect(a).not.toBe(b);
    expect(new VariantCodec({ secrets: [SECRET] }).decode(a)?.segment.utm_source).toBe('news');
  });

  it('refuse unknown field names', () => {
    expect(() => new VariantCodec({ secrets: [SECRET], fields: ['channel', 'nope' as never] })).toThrow(/not a segment field/);
  });

  it('encode a segment with no variant values', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const empty = segment({ channel: null, currencyCode: null, countryCode: null, cultureInfo: null, channelPrivacy: null });
    expect(codec.decode(codec.encode(empty))?.segment).toEqual({ ...empty, currencySymbol: null });
  });

  it('carry any value exactly: unicode, separators, region ids that are not base64 of "SW#…"', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const fields of [
      { campaigns: 'a&b=c,ç' },
      { regionId: 'v2.1A2B3C' },
      { regionId: 'not base64 at all' },
      { regionId: 'U1cjMQ' },
      { regionId: 'U1cj' },
      { cultureInfo: '' },
      { priceTables: '-' },
      { channel: 'A'.repeat(62) },
      { channel: 'A'.repeat(63) },
    ] satisfies Partial<Segment>[]) {
      const { resolved } = await roundTrip(codec, segment(fields));
      expect(resolved?.segment, JSON.stringify(fields)).toEqual({ ...segment(fields), currencySymbol: null });
      expect(resolved?.unresolved.size).toBe(0);
    }
  });

  it('reject every altered character, truncation, extension and junk', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const source of [segment({ regionId: 'U1cj' }), segment({ regionId: marketplace(40) })]) {
      const code = codec.encode(source);
      const fresh = new VariantCodec({ secrets: [SECRET] });
      for (let i = 0; i < code.length; i++) expect(fresh.decode(alter(code, i)), `character ${i}`).toBeNull();
      for (const bad of [code.slice(0, -1), code.slice(1), `${code}A`, `A${code}`, '', 'x', 'a'.repeat(40), `${code}=`, `${code.slice(0, 10)}+${code.slice(11)}`, 'p', 'robots.txt']) {
        expect(fresh.decode(bad), bad).toBeNull();
      }
    }
    expect(codec.decode('a'.repeat(MAX_VARIANT_CODE_LENGTH + 1))).toBeNull();
  });

  it('say without work which path segments may be codes: every code may, ordinary segments may not', () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const fields of [{}, { regionId: 'U1cj' }, { campaigns: 'summer,vip', priceTables: 'b2b-gold' }, { regionId: marketplace(100) }]) {
      expect(codec.mayBeCode(codec.encode(segment(fields)))).toBe(true);
    }
    for (const ordinary of ['', 'p', 'c', 'products', 'account', 'robots.txt', 'a b'.repeat(10), 'Products-and-more-things-here', 'a'.repeat(MAX_VARIANT_CODE_LENGTH + 1)]) {
      expect(codec.mayBeCode(ordinary), ordinary).toBe(false);
    }
  });

  it('reject a code signed with another secret, and a forged body with a copied tag', () => {
    const ours = new VariantCodec({ secrets: [SECRET] });
    const theirs = new VariantCodec({ secrets: ['someone-else-secret-0123456789abcdefghij'] });
    expect(ours.decode(theirs.encode(segment({ priceTables: 'b2b-gold' })))).toBeNull();
    const genuine = ours.encode(segment());
    // The genuine code with channel 3 and B2B prices spelled in, and its tag kept.
    const forged = `${genuine.slice(0, 2)}3${genuine.slice(3, -22)}Ib2b-gold${genuine.slice(-22)}`;
    expect(forged).not.toBe(genuine);
    expect(ours.decode(forged)).toBeNull();
    expect(ours.decode(genuine)?.segment.channel).toBe('1');
  });

  it('verify with every listed secret and sign with the first (rotation), registry entries included', async () => {
    const before = new VariantCodec({ secrets: [OLD_SECRET] });
    const after = new VariantCodec({ secrets: [SECRET, OLD_SECRET] });
    const registry = memoryVariantRegistry();
    const source = segment({ regionId: marketplace(30) });
    const oldCode = (await new VariantIssuer(before, () => registry).issue(source)).code;
    expect((await resolveVariant(after, registry, oldCode))?.segment.regionId).toBe(marketplace(30));
    const newCode = after.encode(segment());
    expect(newCode).not.toBe(before.encode(segment()));
    expect(new VariantCodec({ secrets: [SECRET] }).decode(newCode)?.segment.channel).toBe('1');
    expect(before.decode(newCode)).toBeNull();
  });
});

describe('the variant registry', () => {
  it('lets a page learn the whole variant of a code another codec issued', async () => {
    const registry = memoryVariantRegistry();
    const source = segment({ regionId: marketplace(100), campaigns: 'blackfriday,sp-local' });
    const { code } = await new VariantIssuer(new VariantCodec({ secrets: [SECRET] }), () => registry).issue(source);
    const resolved = await resolveVariant(new VariantCodec({ secrets: [SECRET] }), registry, code);
    expect(resolved).toEqual({ code, segment: { ...source, currencySymbol: null }, unresolved: new Set() });
  });

  it('leaves the digest’s fields unresolved, never wrong, when the entry is missing, wrong or the registry fails', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const source = segment({ regionId: marketplace(12), campaigns: 'blackfriday,sp-local' });
    const other = segment({ regionId: marketplace(12, 1), campaigns: 'blackfriday,sp-local' });
    const issued = codec.issue(source);
    const digest = issued.entry!.digest;

    const planted = memoryVariantRegistry();
    const registries = {
      missing: memoryVariantRegistry(),
      // Another variant's body under this digest: what a collision or a tampered Redis would hold.
      planted,
      corrupt: { name: 'corrupt', get: () => '{"channel":', put: () => {} },
      failing: { name: 'failing', get: () => Promise.reject(new Error('down')), put: () => {} },
    };
    planted.put(digest, variantBody(other));
    for (const [name, registry] of Object.entries(registries)) {
      const resolved = await resolveVariant(new VariantCodec({ secrets: [SECRET] }), registry, issued.code);
      expect(resolved?.segment.regionId, name).toBeNull();
      expect(resolved?.segment.campaigns, name).toBeNull();
      expect(resolved?.unresolved.has('regionId'), name).toBe(true);
      expect(resolved?.segment.channel, name).toBe('1');
    }
    // An entry whose inline fields disagree with the code's is refused too.
    const forgedInline = memoryVariantRegistry();
    forgedInline.put(digest, variantBody({ ...source, channel: '3' }));
    expect((await resolveVariant(new VariantCodec({ secrets: [SECRET] }), forgedInline, issued.code))?.unresolved.size).toBeGreaterThan(0);
  });

  it('answers null (a 404) for codes that do not verify, whatever the registry holds', async () => {
    const registry = memoryVariantRegistry();
    const codec = new VariantCodec({ secrets: [SECRET] });
    const { code, entry } = codec.issue(segment({ regionId: marketplace(20) }));
    registry.put(entry!.digest, entry!.body);
    expect(await resolveVariant(codec, registry, alter(code, code.length - 1))).toBeNull();
    expect(await resolveVariant(new VariantCodec({ secrets: [OLD_SECRET] }), registry, code)).toBeNull();
  });

  it('is bounded in bytes, forgetting the least recently used first', () => {
    const registry = memoryVariantRegistry({ maxBytes: 10_000 });
    const body = 'x'.repeat(1000);
    for (let i = 0; i < 4; i++) registry.put(`d${i}`, body);
    expect(registry.size).toBe(4);
    registry.get('d0');
    for (let i = 4; i < 20; i++) {
      registry.put(`d${i}`, body);
      registry.get('d0');
    }
    expect(registry.bytes).toBeLessThanOrEqual(10_000);
    expect(registry.size).toBe(4);
    expect(registry.get('d0')).toBe(body);
    expect(registry.get('d1')).toBeNull();
    expect(registry.get('d19')).toBe(body);
    registry.put('huge', 'x'.repeat(20_000));
    expect(registry.get('huge')).toBeNull();
  });

  it('puts an issued entry once, not on every issue', async () => {
    const puts: string[] = [];
    const registry = { name: 'counting', get: () => null, put: (digest: string) => void puts.push(digest) };
    const issuer = new VariantIssuer(new VariantCodec({ secrets: [SECRET] }), () => registry);
    for (let i = 0; i < 5; i++) await issuer.issue(segment({ regionId: marketplace(50) }));
    await issuer.issue(segment());
    expect(puts).toHaveLength(1);
  });
});

describe('variantBody / sameVariant', () => {
  it('is independent of key order and ignores non-variant fields', () => {
    const a = segment();
    const b = Object.fromEntries(Object.entries(segment({ utm_source: 'x' })).reverse()) as unknown as Segment;
    expect(variantBody(a)).toBe(variantBody(b));
    expect(sameVariant(a, b)).toBe(true);
    expect(sameVariant(a, segment({ regionId: 'U1cj' }))).toBe(false);
  });
});

describe('the demo store’s variants', () => {
  it('keep every field a price depends on inline, whatever region and campaigns they have', async () => {
    const { storeConfig } = await import('@/store.config');
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const channel of storeConfig.channels) {
      const { cultures, allowedPriceTables } = channel as { cultures?: string[]; allowedPriceTables?: string[] };
      for (const cultureInfo of cultures ?? [channel.cultureInfo]) {
        for (const priceTables of [null, ...(allowedPriceTables ?? []), 'b2b-gold']) {
          const source = segment({
            channel: channel.id,
            currencyCode: channel.currencyCode,
            countryCode: channel.countryCode,
            cultureInfo,
            priceTables,
            channelPrivacy: channel.privacy,
            regionId: marketplace(100),
            campaigns: 'b2b-vip,blackfriday,sp-local',
          });
          const decoded = codec.decode(codec.encode(source))!;
          for (const field of ['channel', 'currencyCode', 'countryCode', 'cultureInfo', 'priceTables', 'channelPrivacy'] as const) {
            expect(decoded.unresolved.has(field), `${channel.id} ${cultureInfo} ${priceTables}: ${field}`).toBe(false);
            expect(decoded.segment[field]).toBe(source[field]);
          }
        }
      }
    }
  });
});
