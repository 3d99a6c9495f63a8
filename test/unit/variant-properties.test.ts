import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEGMENT_KEYS } from '@/lib/session/segment';
import type { Segment } from '@/lib/session/types';
import { DEFAULT_VARIANT_FIELDS, MAX_VARIANT_CODE_LENGTH, VariantCodec, variantBody } from '@/lib/session/variant';
import { memoryVariantRegistry, resolveVariant, VariantIssuer } from '@/lib/session/variant-registry';
import { regionIdOf } from '@/lib/session/regions/types';

const SECRET = 'variant-property-secret-0123456789-abc';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Short url-safe words, long unicode text, and marketplace regions of up to 120 sellers. */
const valueArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9-]{0,12}$/),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 2000 }),
  fc.integer({ min: 1, max: 120 }).map((n) => regionIdOf(Array.from({ length: n }, (_, i) => `marketplace-seller-${String(i).padStart(2, '0')}`))),
  fc.array(fc.stringMatching(/^[a-z-]{1,14}$/), { minLength: 1, maxLength: 30 }).map((list) => list.join(',')),
);
const nullable = fc.option(valueArb, { nil: null });

const segmentArb: fc.Arbitrary<Segment> = fc.record({
  campaigns: nullable,
  channel: nullable,
  priceTables: nullable,
  regionId: nullable,
  utm_campaign: nullable,
  utm_source: nullable,
  utmi_campaign: nullable,
  currencyCode: nullable,
  currencySymbol: nullable,
  countryCode: nullable,
  cultureInfo: nullable,
  admin_cultureInfo: fc.option(valueArb, { nil: undefined }),
  channelPrivacy: fc.constantFrom('public' as const, 'private' as const, null),
});

/** The segment a page must see for a code: the codec's fields, every other one null (`admin_cultureInfo` only when set). */
function projected(segment: Segment, fields: readonly string[]): Segment {
  const admin = fields.includes('admin_cultureInfo') ? segment.admin_cultureInfo : undefined;
  return Object.fromEntries(
    SEGMENT_KEYS.filter((k) => k !== 'admin_cultureInfo' || (admin !== undefined && admin !== null)).map((k) => [k, fields.includes(k) ? (segment[k] ?? null) : null]),
  ) as unknown as Segment;
}

describe('variant codes: properties', () => {
  const all = new VariantCodec({ secrets: [SECRET], fields: SEGMENT_KEYS, cacheSize: 0 });
  const defaults = new VariantCodec({ secrets: [SECRET], cacheSize: 0 });

  it('stay url-safe and at most 64 characters for any field values, and round-trip through the registry', async () => {
    await fc.assert(
      fc.asyncProperty(segmentArb, async (segment) => {
        for (const codec of [all, defaults]) {
          const registry = memoryVariantRegistry();
          const { code } = await new VariantIssuer(codec, () => registry).issue(segment);
          expect(code.length).toBeLessThanOrEqual(MAX_VARIANT_CODE_LENGTH);
          expect(code).toMatch(/^[a-f][A-Za-z0-9_-]+$/);
          expect(codec.mayBeCode(code)).toBe(true);
          const resolved = await resolveVariant(new VariantCodec({ secrets: [SECRET] }), registry, code);
          expect(resolved?.unresolved.size).toBe(0);
          expect(resolved?.segment).toEqual(projected(segment, codec.fields));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trip values that end in the letters codes use for a null or a digested field (A, _)', async () => {
    const codec = new VariantCodec({ secrets: [SECRET], fields: SEGMENT_KEYS, cacheSize: 0 });
    const base = projected({} as Segment, []);
    const cases: Segment[] = [
      { ...base, channel: 'A', channelPrivacy: 'public' },
      { ...base, channel: '1', currencyCode: 'BA' },
      { ...base, utmi_campaign: '_', currencySymbol: regionIdOf(['marketplace-seller-00']), admin_cultureInfo: '', channelPrivacy: 'public' },
      { ...base, campaigns: '-a-', utmi_campaign: 'A_', currencySymbol: 'a----a-a-a', admin_cultureInfo: regionIdOf(['marketplace-seller-00']) },
    ];
    for (const segment of cases) {
      const registry = memoryVariantRegistry();
      const { code } = await new VariantIssuer(codec, () => registry).issue(segment);
      const resolved = await resolveVariant(new VariantCodec({ secrets: [SECRET] }), registry, code);
      expect(resolved?.unresolved.size, code).toBe(0);
      expect(resolved?.segment).toEqual(projected(segment, SEGMENT_KEYS));
    }
  });

  it('are deterministic: every codec with the secret gives the same code for the same fields', () => {
    fc.assert(
      fc.property(segmentArb, fc.string({ maxLength: 20 }), (segment, utm) => {
        const a = new VariantCodec({ secrets: [SECRET], cacheSize: 0 }).encode(segment);
        const b = new VariantCodec({ secrets: [SECRET] }).encode({ ...segment, utm_source: utm, currencySymbol: utm });
        expect(b).toBe(a);
      }),
      { numRuns: 300 },
    );
  });

  it('never collide over 20,000 distinct variants, long or short', () => {
    const segments = fc.sample(segmentArb, { numRuns: 20_000, seed: 16 });
    const bodies = new Map<string, string>();
    for (const segment of segments) {
      const body = variantBody(segment);
      const code = defaults.encode(segment);
      const seen = bodies.get(code);
      expect(seen === undefined || seen === body, `${code} stands for two variants`).toBe(true);
      bodies.set(code, body);
    }
    const distinct = new Set(segments.map((s) => variantBody(s))).size;
    expect(bodies.size).toBe(distinct);
    expect(distinct).toBeGreaterThan(15_000);
  });

  it('reject substituted, truncated, extended and spliced codes', () => {
    fc.assert(
      fc.property(segmentArb, segmentArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 63 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/), (a, b, where, where2, shift, extra) => {
        const first = all.encode(a);
        const second = all.encode(b);
        const index = where % first.length;
        const substituted = first.slice(0, index) + ALPHABET[(ALPHABET.indexOf(first[index]!) + shift) % ALPHABET.length] + first.slice(index + 1);
        const cut = where % first.length;
        const tampered = [
          substituted,
          first.slice(0, cut),
          first.slice(1 + (where2 % (first.length - 1))),
          first + extra,
          extra + first,
          first.slice(0, cut) + second.slice(where2 % second.length),
          first.slice(0, Math.min(cut, first.length - 22)) + second.slice(-22),
        ];
        for (const code of tampered) {
          if (code === first || code === second) continue;
          expect(all.decode(code), code).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('take from a registry only the body a code’s digest stands for', async () => {
    await fc.assert(
      fc.asyncProperty(segmentArb, segmentArb, async (segment, other) => {
        const { code, entry } = defaults.issue({ ...segment, regionId: regionIdOf(['long-region-so-a-digest-is-needed', 'x'.repeat(40)]) });
        if (!entry) return;
        const registry = memoryVariantRegistry();
        registry.put(entry.digest, variantBody(other));
        const resolved = await resolveVariant(new VariantCodec({ secrets: [SECRET] }), registry, code);
        expect(resolved).not.toBeNull();
        if (variantBody(other) !== entry.body) expect(resolved!.unresolved.size).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('default fields are the ones codes carry', () => {
    expect(new VariantCodec({ secrets: [SECRET] }).fields).toEqual(DEFAULT_VARIANT_FIELDS);
  });
});
