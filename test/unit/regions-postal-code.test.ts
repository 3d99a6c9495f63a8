import { describe, expect, it } from 'vitest';
import { postcodeValidatorExistsForCountry } from 'postcode-validator';
import { ALPHA3_CODES, alpha2Of } from '@/lib/session/regions/countries';
import { inGeoBox, parseGeoCoordinates } from '@/lib/session/regions/geo';
import {
  alpha2ForCountry,
  assertValidPostalCode,
  checkPostalCode,
  inPostalRange,
  normalizeCountry,
  normalizePostalCode,
} from '@/lib/session/regions/postal-code';
import { regionIdOf } from '@/lib/session/regions/types';
import { SessionError } from '@/lib/session/errors';

describe('countries', () => {
  it('maps every ISO 3166-1 alpha-3 code (and Kosovo\'s XKX) to a distinct alpha-2 one', () => {
    expect(ALPHA3_CODES).toHaveLength(250);
    expect(new Set(ALPHA3_CODES.map(alpha2Of)).size).toBe(250);
    expect(alpha2Of('XKX')).toBe('XK');
    expect(alpha2Of('BRA')).toBe('BR');
    expect(alpha2ForCountry('usa')).toBe('US');
    expect(alpha2ForCountry('GBR')).toBe('GB');
    expect(alpha2ForCountry('ZZZ')).toBeNull();
  });

  it('finds a postcode rule for the countries VTEX stores sell in most', () => {
    for (const country of ['BRA', 'USA', 'ARG', 'MEX', 'COL', 'CHL', 'PRT', 'ESP', 'GBR', 'CAN', 'DEU', 'FRA']) {
      expect(postcodeValidatorExistsForCountry(alpha2Of(country)!), country).toBe(true);
    }
  });

  it('accepts alpha-3 in any case and refuses alpha-2 or made-up codes with a 400', () => {
    expect(normalizeCountry(' bra ')).toBe('BRA');
    for (const bad of ['BR', 'XXX', 'Brasil', '']) {
      expect(() => normalizeCountry(bad)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_country' }));
    }
  });
});

describe('postal codes', () => {
  it('checks codes by country, in both of Brazil\'s written forms', () => {
    expect(checkPostalCode('BRA', '05408-000')).toBe('valid');
    expect(checkPostalCode('BRA', '05408000')).toBe('valid');
    expect(checkPostalCode('BRA', '0540')).toBe('invalid');
    expect(checkPostalCode('BRA', '05408-00A')).toBe('invalid');
    expect(checkPostalCode('USA', '10001')).toBe('valid');
    expect(checkPostalCode('USA', '10001-1234')).toBe('valid');
    expect(checkPostalCode('USA', '05408-000')).toBe('invalid');
    expect(checkPostalCode('BRA', '   ')).toBe('invalid');
  });

  it('leaves countries without a rule unchecked', () => {
    expect(checkPostalCode('ARE', '12345')).toBe('unchecked');
  });

  it('tidies only blanks, never the code itself', () => {
    expect(normalizePostalCode('  SW1A   1AA ')).toBe('SW1A 1AA');
    expect(normalizePostalCode('01310100')).toBe('01310100');
    expect(checkPostalCode('GBR', ' sw1a 1aa ')).toBe('valid');
  });

  it('says what is wrong, and how a good one looks', () => {
    let caught: unknown;
    try {
      assertValidPostalCode('BRA', '123');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SessionError);
    expect(caught).toMatchObject({ status: 400, code: 'invalid_postal_code' });
    expect((caught as Error).message).toBe('"123" is not a valid postal code for BRA (for example 01310-100)');
  });

  it('compares ranges whatever the separators, and ZIP+4 within ZIP ranges', () => {
    expect(inPostalRange('01310-100', '01000-000', '09999-999')).toBe(true);
    expect(inPostalRange('01310100', '01000-000', '09999-999')).toBe(true);
    expect(inPostalRange('09999-999', '01000-000', '09999-999')).toBe(true);
    expect(inPostalRange('10000-000', '01000-000', '09999-999')).toBe(false);
    expect(inPostalRange('00999-999', '01000-000', '09999-999')).toBe(false);
    expect(inPostalRange('10299-9999', '10001', '10299')).toBe(true);
    expect(inPostalRange('10300', '10001', '10299')).toBe(false);
  });
});

describe('geo coordinates and region ids', () => {
  it('reads VTEX\'s "lng;lat"', () => {
    expect(parseGeoCoordinates('-46.6333;-23.5505')).toEqual({ lng: -46.6333, lat: -23.5505 });
    expect(parseGeoCoordinates(' -74 ; 40.75 ')).toEqual({ lng: -74, lat: 40.75 });
    for (const bad of ['-46.6', '-46.6;-23.5;1', 'a;b', '200;10', '10;91', '1e2;3']) {
      expect(() => parseGeoCoordinates(bad), bad).toThrow(expect.objectContaining({ status: 400, code: 'invalid_geo_coordinates' }));
    }
    expect(inGeoBox({ lng: -46.6, lat: -23.5 }, [-46.83, -24.01, -46.36, -23.36])).toBe(true);
    expect(inGeoBox({ lng: -43.2, lat: -22.9 }, [-46.83, -24.01, -46.36, -23.36])).toBe(false);
  });

  it('builds VTEX region ids with padding kept', () => {
    expect(regionIdOf([])).toBe('U1cj');
    expect(regionIdOf(['1'])).toBe('U1cjMQ==');
    expect(atob(regionIdOf(['1', 'sp-centro']))).toBe('SW#1;sp-centro');
  });
});
