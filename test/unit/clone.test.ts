import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneNamespace, cloneNamespaces, cloneSession } from '@/lib/session/clone';
import type { Namespaces, Session } from '@/lib/session/types';

const value = fc.record({ value: fc.string() }, { requiredKeys: ['value'] }).chain((v) =>
  fc.option(fc.boolean(), { nil: undefined }).map((keepAlive) => (keepAlive === undefined ? v : { ...v, keepAlive })),
);
const namespaces = fc.dictionary(
  fc.constantFrom('account', 'store', 'public', 'checkout', 'profile', 'authentication', 'rnb', 'creditControl'),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: 8 }),
) as fc.Arbitrary<Namespaces>;

describe('cloneNamespaces / cloneSession', () => {
  it('gives what structuredClone gives, sharing no object with the original (property)', () => {
    fc.assert(
      fc.property(namespaces, (original) => {
        const copy = cloneNamespaces(original);
        expect(copy).toEqual(structuredClone(original));
        for (const [name, namespace] of Object.entries(copy)) {
          expect(namespace).not.toBe((original as Record<string, unknown>)[name]);
          for (const [key, entry] of Object.entries(namespace)) expect(entry).not.toBe((original as Record<string, Record<string, unknown>>)[name]![key]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a change to the copy leaves the original as it was, and the other way round', () => {
    const original: Namespaces = { public: { country: { value: 'BRA' } }, account: { id: { value: 'a', keepAlive: true } } };
    const copy = cloneNamespaces(original);
    copy.public!.country!.value = 'ARG';
    copy.public!.postalCode = { value: '1' };
    delete copy.account;
    expect(original).toEqual({ public: { country: { value: 'BRA' } }, account: { id: { value: 'a', keepAlive: true } } });
    const session: Session = { id: 's', version: 2, namespaces: original, active: true, debug: false, expiresAt: 1 };
    const sessionCopy = cloneSession(session);
    original.public!.country!.value = 'CHL';
    expect(sessionCopy).toEqual({ ...session, namespaces: { public: { country: { value: 'BRA' } }, account: { id: { value: 'a', keepAlive: true } } } });
  });

  it('keeps a `__proto__` key as an own key, as structuredClone does, and pollutes nothing', () => {
    const namespace = JSON.parse('{"__proto__": {"value": "x"}, "ok": {"value": "y"}}') as Record<string, { value: string }>;
    const copy = cloneNamespace(namespace);
    expect(Object.keys(copy)).toEqual(['__proto__', 'ok']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toEqual(structuredClone(namespace));
    const nested = cloneNamespaces(JSON.parse('{"__proto__": {"k": {"value": "v"}}}') as Namespaces);
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.keys(nested)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).k).toBeUndefined();
  });
});
