import { describe, expect, it } from 'vitest';
import type { Segment } from '@/lib/session/types';
import { DEFAULT_VARIANT_FIELDS, MAX_VARIANT_CODE_LENGTH, sameVariant, VariantCodec, variantBody } from '@/lib/session/variant';
import { segmentWith } from '../support/segments';

const SECRET = 'variant-test-secret-0123456789abcdefghij';
const OLD_SECRET = 'variant-old-secret-0123456789abcdefghijk';

const segment = segmentWith;

/** Changes one character of a code to another url-safe one. */
function alter(code: string, at: number): string {
  const replacement = code[at] === 'A' ? 'B' : 'A';
  return code.slice(0, at) + replacement + code.slice(at + 1);
}

describe('variant codes', () => {
  it('are url-safe and short', async () => {
    const code = await new VariantCodec({ secrets: [SECRET] }).encode(segment({ regionId: 'U1cjc2VsbGVyMQ==', campaigns: 'summer,vip' }));
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(120);
  });

  it('give the same code for the same variant fields, whatever else differs', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const a = await codec.encode(segment());
    const b = await codec.encode(segment({ utm_source: 'newsletter', utm_campaign: 'x', currencySymbol: 'BRL$' }));
    expect(b).toBe(a);
    // A second codec (another server, another worker) computes the same code.
    expect(await new VariantCodec({ secrets: [SECRET] }).encode(segment())).toBe(a);
  });

  it('give different codes when any variant field differs', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const base = await codec.encode(segment());
    const changes: Partial<Segment>[] = [
      { channel: '2' },
      { priceTables: 'gold' },
      { regionId: 'U1cj' },
      { campaigns: 'vip' },
      { currencyCode: 'USD' },
      { cultureInfo: 'en-US' },
      { countryCode: 'USA' },
      { channelPrivacy: 'private' },
    ];
    const codes = await Promise.all(changes.map((change) => codec.encode(segment(change))));
    expect(new Set([base, ...codes]).size).toBe(changes.length + 1);
  });

  it('decode to the variant fields, other fields null', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const source = segment({ regionId: 'U1cjc2VsbGVyMTtzZWxsZXIy', campaigns: 'a&b=c,ç', utm_source: 'news' });
    const decoded = await codec.decode(await codec.encode(source));
    expect(decoded).toEqual({ ...source, utm_source: null, currencySymbol: null });
  });

  it('honour configured fields (UTMs when asked)', async () => {
    const codec = new VariantCodec({ secrets: [SECRET], fields: [...DEFAULT_VARIANT_FIELDS, 'utm_source'] });
    const a = await codec.encode(segment({ utm_source: 'news' }));
    const b = await codec.encode(segment({ utm_source: 'ads' }));
    expect(a).not.toBe(b);
    expect((await codec.decode(a))?.utm_source).toBe('news');
    // Decoding needs no field list: a default codec reads it too.
    expect((await new VariantCodec({ secrets: [SECRET] }).decode(a))?.utm_source).toBe('news');
  });

  it('refuse unknown field names', () => {
    expect(() => new VariantCodec({ secrets: [SECRET], fields: ['channel', 'nope' as never] })).toThrow(/not a segment field/);
  });

  it('encode a segment with no variant values', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const empty = segment({ channel: null, currencyCode: null, countryCode: null, cultureInfo: null, channelPrivacy: null });
    const code = await codec.encode(empty);
    expect(await codec.decode(code)).toEqual({ ...empty, currencySymbol: null });
  });

  it('reject every altered character, truncation, extension and junk', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const code = await codec.encode(segment({ regionId: 'U1cj' }));
    for (let i = 0; i < code.length; i++) {
      expect(await codec.decode(alter(code, i)), `character ${i}`).toBeNull();
    }
    for (const bad of [code.slice(0, -1), code.slice(1), `${code}A`, `A${code}`, '', 'x', 'a'.repeat(40), `${code}=`, `${code.slice(0, 10)}+${code.slice(11)}`, 'p', 'robots.txt']) {
      expect(await codec.decode(bad), bad).toBeNull();
    }
    expect(await codec.decode('A'.repeat(MAX_VARIANT_CODE_LENGTH + 1))).toBeNull();
  });

  it('say without work which path segments may be codes: every code may, ordinary segments may not', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const fields of [{}, { regionId: 'U1cj' }, { campaigns: 'summer,vip', priceTables: 'b2b-gold' }]) {
      expect(codec.mayBeCode(await codec.encode(segment(fields)))).toBe(true);
    }
    for (const ordinary of ['', 'p', 'c', 'products', 'account', 'robots.txt', 'a b'.repeat(10), 'A'.repeat(MAX_VARIANT_CODE_LENGTH + 1)]) {
      expect(codec.mayBeCode(ordinary), ordinary).toBe(false);
    }
  });

  it('reject a code signed with another secret, and a forged body with a copied tag', async () => {
    const ours = new VariantCodec({ secrets: [SECRET] });
    const theirs = new VariantCodec({ secrets: ['someone-else-secret-0123456789abcdefghij'] });
    const foreign = await theirs.encode(segment({ priceTables: 'b2b-gold' }));
    expect(await ours.decode(foreign)).toBeNull();

    const genuine = await ours.encode(segment());
    const tag = genuine.slice(-22);
    const forgedBody = Buffer.from('c=3&u=BRL&v=private').toString('base64url');
    expect(await ours.decode(forgedBody + tag)).toBeNull();
  });

  it('verify with every listed secret and sign with the first (rotation)', async () => {
    const before = new VariantCodec({ secrets: [OLD_SECRET] });
    const after = new VariantCodec({ secrets: [SECRET, OLD_SECRET] });
    const oldCode = await before.encode(segment());
    expect(await after.decode(oldCode)).toMatchObject({ channel: '1' });
    const newCode = await after.encode(segment());
    expect(newCode).not.toBe(oldCode);
    expect(await new VariantCodec({ secrets: [SECRET] }).decode(newCode)).toMatchObject({ channel: '1' });
    expect(await before.decode(newCode)).toBeNull();
  });

  it('sign once per distinct variant (memoised), also under concurrency', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const signs: unknown[] = [];
    const original = crypto.subtle.sign.bind(crypto.subtle);
    const spy = (async (...args: Parameters<typeof crypto.subtle.sign>) => {
      signs.push(args);
      return original(...args);
    }) as typeof crypto.subtle.sign;
    const subtle = crypto.subtle as { sign: typeof crypto.subtle.sign };
    subtle.sign = spy;
    try {
      const codes = await Promise.all(Array.from({ length: 20 }, () => codec.encode(segment({ campaigns: 'memo' }))));
      expect(new Set(codes).size).toBe(1);
      await codec.encode(segment({ campaigns: 'memo', utm_source: 'other' }));
      expect(signs).toHaveLength(1);
      await codec.decode(codes[0]!);
      await codec.decode(codes[0]!);
      expect(signs.length).toBeLessThanOrEqual(2);
    } finally {
      subtle.sign = original;
    }
  });

  it('accept only the canonical base64url spelling', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    // Find a code whose body leaves spare bits in its last character, then flip one of them.
    for (const channel of ['1', '12', '123']) {
      const code = await codec.encode(segment({ channel }));
      const body = code.slice(0, -22);
      if (body.length % 4 === 0) continue;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(body.at(-1)!);
      const sibling = alphabet[last ^ 1]!;
      expect(await codec.decode(body.slice(0, -1) + sibling + code.slice(-22))).toBeNull();
      return;
    }
    throw new Error('no code with spare bits found');
  });
});

describe('long variants (regions of many sellers)', () => {
  const region = (sellers: string[]) => Buffer.from(`SW#${sellers.join(';')}`).toString('base64');
  const sellers = (n: number) => ['1', 'lojacentro', 'expressosp', 'mercadinho', 'farmacia22', 'livraria9', 'eletro-sul', 'casa-norte', 'moda-leste', 'pet-oeste', 'bike-sul', 'cafe-rio', 'moveis-sp'].slice(0, n);
  const b2b = (n: number) => segment({ channel: '3', priceTables: 'b2b-gold', campaigns: 'b2b-vip,blackfriday,sp-local', regionId: region(sellers(n)), channelPrivacy: 'private' });

  it('stay within a file name (255 bytes) for a region of nine sellers, and decode exactly', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const n of [1, 4, 9]) {
      const code = await codec.encode(b2b(n));
      expect(code.length, `${n} sellers`).toBeLessThan(255);
      expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
      expect((await new VariantCodec({ secrets: [SECRET] }).decode(code))?.regionId).toBe(region(sellers(n)));
    }
  });

  it('carry region ids that are not base64 of "SW#…" unchanged', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    for (const regionId of ['v2.1A2B3C', 'U1cj', 'not base64 at all', 'U1cjMQ', 'a&b=c%d']) {
      expect((await codec.decode(await codec.encode(segment({ regionId }))))?.regionId).toBe(regionId);
    }
  });

  it('reject every altered character of a long code', async () => {
    const codec = new VariantCodec({ secrets: [SECRET] });
    const code = await codec.encode(b2b(9));
    const fresh = new VariantCodec({ secrets: [SECRET] });
    for (let i = 0; i < code.length; i += 7) {
      const altered = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
      expect(await fresh.decode(altered)).toBeNull();
    }
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
