import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeSegmentToken, encodeSegmentToken, SEGMENT_KEYS } from '@/lib/session/segment';
import { parseItems, selectItems } from '@/lib/session/items';
import { SessionError } from '@/lib/session/errors';
import { TokenCodec, type TokenPayload } from '@/lib/session/token';
import { runTransforms } from '@/lib/session/transforms/engine';
import type { Transform, TransformOutput } from '@/lib/session/transforms/types';
import { applyEdit } from '@/lib/session/edit';
import { DEFAULT_LIMITS } from '@/lib/session/limits';
import { NAMESPACES, type Namespaces, type Segment } from '@/lib/session/types';

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const nullableText = fc.option(anyText, { nil: null });

const segmentArb: fc.Arbitrary<Segment> = fc.record({
  campaigns: nullableText,
  channel: nullableText,
  priceTables: nullableText,
  regionId: nullableText,
  utm_campaign: nullableText,
  utm_source: nullableText,
  utmi_campaign: nullableText,
  currencyCode: nullableText,
  currencySymbol: nullableText,
  countryCode: nullableText,
  cultureInfo: nullableText,
  channelPrivacy: fc.constantFrom('public' as const, 'private' as const, null),
});

const keyArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,12}$/).filter((k) => !['constructor', 'prototype'].includes(k));
const namespacesArb: fc.Arbitrary<Namespaces> = fc.dictionary(
  fc.constantFrom(...NAMESPACES),
  fc.dictionary(keyArb, fc.record({ value: anyText.filter((v) => v !== '') }), { maxKeys: 4 }),
  { maxKeys: 4 },
) as fc.Arbitrary<Namespaces>;

describe('properties of the engine', () => {
  it('segment tokens round-trip any strings (unicode, quotes, control characters)', () => {
    fc.assert(
      fc.property(segmentArb, fc.option(anyText, { nil: undefined }), (segment, admin) => {
        const withAdmin: Segment = admin === undefined ? segment : { ...segment, admin_cultureInfo: admin };
        const token = encodeSegmentToken(withAdmin);
        expect(token).toMatch(/^[A-Za-z0-9+/]*$/);
        expect(decodeSegmentToken(token)).toEqual(withAdmin);
        expect(Object.keys(JSON.parse(Buffer.from(token, 'base64').toString()))).toEqual(
          SEGMENT_KEYS.filter((k) => k !== 'admin_cultureInfo' || admin !== undefined),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('segment decoding of arbitrary strings either succeeds or is a 400, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.base64String({ maxLength: 80 })), (token) => {
        try {
          decodeSegmentToken(token);
        } catch (error) {
          expect(error).toBeInstanceOf(SessionError);
          expect((error as SessionError).status).toBe(400);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the items selector accepts or refuses any string with a 400, and selects only what exists', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.array(fc.constantFrom('*', 'public.*', 'store.channel', 'nope.x', 'public.', '.', ',', 'a.b.c'), { maxLength: 6 }).map((p) => p.join(','))), namespacesArb, (raw, namespaces) => {
        let selector;
        try {
          selector = parseItems(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(SessionError);
          expect((error as SessionError).status).toBe(400);
          return;
        }
        const selected = selectItems(namespaces, selector);
        for (const [ns, values] of Object.entries(selected)) {
          for (const [key, value] of Object.entries(values ?? {})) {
            expect(namespaces[ns as keyof Namespaces]?.[key]).toEqual(value);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a sealed token round-trips, and any single-character change is rejected', async () => {
    const codec = new TokenCodec({ secrets: ['property-secret-0123456789-0123456789'], cacheSize: 0 });
    await fc.assert(
      fc.asyncProperty(namespacesArb, fc.nat(), fc.integer({ min: 1, max: 60 }), async (ns, where, shift) => {
        const payload: TokenPayload = { id: 'id-1', v: 1, exp: Date.now() + 60_000, ns };
        const token = await codec.seal(payload);
        const opened = await codec.unseal(token);
        expect(opened).toEqual({ status: 'valid', payload });
        const index = where % token.length;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_*~.';
        const replacement = alphabet[(alphabet.indexOf(token[index]!) + shift) % alphabet.length]!;
        if (replacement === token[index]) return;
        const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
        expect((await codec.unseal(tampered)).status).toBe('invalid');
      }),
      { numRuns: 150 },
    );
  });

  it('a sealed token is rejected when truncated, extended or spliced with another valid token', async () => {
    const codec = new TokenCodec({ secrets: ['property-secret-0123456789-0123456789'], cacheSize: 0 });
    const payloadArb = namespacesArb.map((ns): TokenPayload => ({ id: 'id-1', v: 1, exp: Date.now() + 60_000, ns }));
    await fc.assert(
      fc.asyncProperty(payloadArb, payloadArb, fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 8 }), async (a, b, cut, cut2, extra) => {
        const first = await codec.seal(a);
        const second = await codec.seal(b);
        const variants = [
          first.slice(0, cut % first.length), // truncated at the end
          first.slice(1 + (cut % (first.length - 1))), // truncated at the start
          first + extra, // extended at the end
          extra + first, // extended at the start
          first.slice(0, cut % first.length) + second.slice(cut2 % second.length), // spliced
          first.slice(0, cut % first.length) + first.slice((cut % first.length) + 1 + (cut2 % 4)), // a piece cut out
        ];
        for (const tampered of variants) {
          if (tampered === first || tampered === second) continue;
          expect((await codec.unseal(tampered)).status, JSON.stringify(tampered.slice(-12))).toBe('invalid');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('transforms never change anything outside what they own', async () => {
    const paths = ['checkout.regionId', 'checkout.other', 'profile.email', 'rnb.campaigns', 'store.channel'] as const;
    await fc.assert(
      fc.asyncProperty(
        namespacesArb,
        fc.subarray([...paths], { minLength: 1 }),
        fc.dictionary(fc.constantFrom(...paths), anyText),
        async (start, owned, writes) => {
          const output: TransformOutput = {};
          for (const [path, value] of Object.entries(writes)) {
            const [ns, key] = path.split('.') as [keyof TransformOutput, string];
            (output[ns] ??= {})[key] = value;
          }
          const transform: Transform = { name: 't', inputs: ['public.x'], outputs: owned, run: () => output };
          let result;
          try {
            result = await runTransforms([transform], start, { changed: ['public.x'], creating: false });
          } catch (error) {
            expect((error as SessionError).code).toBe('transform_output_not_owned');
            expect(Object.keys(writes).some((path) => !owned.includes(path as (typeof paths)[number]))).toBe(true);
            return;
          }
          for (const ns of NAMESPACES) {
            const keys = new Set([...Object.keys(start[ns] ?? {}), ...Object.keys(result.namespaces[ns] ?? {})]);
            for (const key of keys) {
              if (owned.includes(`${ns}.${key}` as (typeof paths)[number])) continue;
              expect(result.namespaces[ns]?.[key]).toEqual(start[ns]?.[key]);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('edits with hostile keys never reach Object.prototype', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), keyArb), fc.option(anyText, { nil: null })), (values) => {
        const namespaces: Namespaces = {};
        try {
          applyEdit(namespaces, { public: values }, DEFAULT_LIMITS);
        } catch (error) {
          expect(error).toBeInstanceOf(SessionError);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getPrototypeOf(namespaces.public ?? {})).toBe(Object.prototype);
      }),
      { numRuns: 300 },
    );
  });
});
