import { describe, expect, it } from 'vitest';
import { MAX_PUBLIC_KEYS_PER_WRITE, parseSessionWrite, publicFromQuery } from '@/lib/next/body';
import { SessionError } from '@/lib/session/errors';
import { canonicalPublicInputs } from '@/lib/session/public-inputs';
import { parseGeoCoordinates } from '@/lib/session/regions/geo';

const write = (body: string) => parseSessionWrite(new Request('http://shop.test/api/sessions', { method: 'PATCH', body, headers: { 'content-type': 'application/json' } }));

describe('what real clients send, read the one way the session keeps it', () => {
  it('geoCoordinates: "lng,lat" and "lng;lat" (spaces allowed) are kept as "lng,lat"; what does not parse is left for the checkout transform to refuse', () => {
    for (const raw of ['-46.6558819,-23.5613991', '-46.6558819;-23.5613991', ' -46.6558819 ; -23.5613991 ']) {
      expect(canonicalPublicInputs({ geoCoordinates: raw, country: 'BRA' })).toEqual({ geoCoordinates: '-46.6558819,-23.5613991', country: 'BRA' });
      expect(parseGeoCoordinates(raw)).toEqual({ lng: -46.6558819, lat: -23.5613991 });
    }
    // Plain decimals without trailing zeros, never an exponent the parser would refuse.
    expect(canonicalPublicInputs({ geoCoordinates: '-46.60;-23.500' })).toEqual({ geoCoordinates: '-46.6,-23.5' });
    expect(canonicalPublicInputs({ geoCoordinates: '0.0000001;-0.000000000001' })).toEqual({ geoCoordinates: '0.0000001,-0.000000000001' });
    expect(parseGeoCoordinates(canonicalPublicInputs({ geoCoordinates: '0.0000001;-0.0000001' }).geoCoordinates!)).toEqual({ lng: 1e-7, lat: -1e-7 });
    expect(canonicalPublicInputs({ geoCoordinates: 'north' })).toEqual({ geoCoordinates: 'north' });
    expect(canonicalPublicInputs({ geoCoordinates: null })).toEqual({ geoCoordinates: null });
    expect(canonicalPublicInputs({ geoCoordinates: '' })).toEqual({ geoCoordinates: '' });
    for (const bad of ['-46.6,-23.5,1', '-46.6', '200,10', '-46.6,,-23.5']) {
      expect(() => parseGeoCoordinates(bad), bad).toThrow(SessionError);
    }
  });

  it('query parameters are best effort: bad names, over-long values and those past the cap are left out; the last of a name wins', () => {
    const url = new URL(
      `http://shop.test/api/sessions?__bindingId=b&__proto__=1&constructor=2&a%5Bb%5D=c&items=*&supportedLocales=pt-BR,en-US&long=${'x'.repeat(1025)}&sc=1&sc=2`,
    );
    expect(publicFromQuery(url)).toEqual({ supportedLocales: 'pt-BR,en-US', sc: '2' });
    expect(Object.getPrototypeOf(publicFromQuery(url))).toBe(Object.prototype);

    const many = new URL(`http://shop.test/?${Array.from({ length: MAX_PUBLIC_KEYS_PER_WRITE + 5 }, (_, i) => `k${i}=v`).join('&')}&k0=again`);
    const kept = publicFromQuery(many);
    expect(Object.keys(kept)).toHaveLength(MAX_PUBLIC_KEYS_PER_WRITE);
    expect(kept.k0).toBe('again');
    expect(kept[`k${MAX_PUBLIC_KEYS_PER_WRITE}`]).toBeUndefined();
  });

  it('body values may be strings, numbers or booleans, kept as strings; objects, arrays and null are a 400 naming the key', async () => {
    expect(await write('{"public":{"quantity":{"value":3},"price":{"value":19.9},"gift":{"value":false},"note":{"value":"x"}}}')).toEqual({
      public: { quantity: '3', price: '19.9', gift: 'false', note: 'x' },
      debug: undefined,
    });
    for (const value of ['{"a":1}', '[3]', 'null']) {
      await expect(write(`{"public":{"quantity":{"value":${value}}}}`)).rejects.toMatchObject({
        status: 400,
        code: 'invalid_body',
        message: expect.stringContaining('public.quantity.value: must be a string, a number or a boolean'),
      });
    }
  });

  it('every shape of body reads as documented: extra keys ignored, `debug` a boolean, anything else a 400 that names what is wrong', async () => {
    expect(await write('')).toEqual({ public: {} });
    expect(await write('{}')).toEqual({ public: {}, debug: undefined });
    expect(await write('{"debug":true,"checkout":{"regionId":{"value":"x"}}}')).toEqual({ public: {}, debug: true });
    expect(await write('{"public":{"a":{"value":"1","keepAlive":true}},"debug":false}')).toEqual({ public: { a: '1' }, debug: false });
    const refusals: [body: string, message: string][] = [
      ['{"public":null}', 'public: must be an object of {"key":{"value":"..."}}'],
      ['{"public":[]}', 'public: must be an object of {"key":{"value":"..."}}'],
      ['{"public":{"a":"x"}}', 'public.a: must be an object like {"value":"..."}'],
      ['{"public":{"a":[]}}', 'public.a: must be an object like {"value":"..."}'],
      ['{"public":{"a":{}}}', 'public.a.value: must be a string, a number or a boolean'],
      ['{"debug":"yes"}', 'debug: must be true or false'],
    ];
    for (const [body, message] of refusals) {
      await expect(write(body), body).rejects.toMatchObject({ status: 400, code: 'invalid_body', message });
    }
  });
});
