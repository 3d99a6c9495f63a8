import { describe, expect, it } from 'vitest';
import { postcodeValidatorExistsForCountry } from 'postcode-validator';
import { alpha2ForCountry, checkPostalCode, normalizePostalCode } from '@/lib/session/regions/postal-code';

describe('postal-code rules shared by the picker and the server', () => {
  it('maps the session alpha-3 countries to the validator alpha-2 ones', () => {
    expect(alpha2ForCountry('BRA')).toBe('BR');
    expect(alpha2ForCountry('usa')).toBe('US');
    expect(alpha2ForCountry('GBR')).toBe('GB');
    expect(alpha2ForCountry('ZZZ')).toBeNull();
  });

  it('checks codes by country', () => {
    expect(checkPostalCode('BRA', '05408-000')).toBe('valid');
    expect(checkPostalCode('BRA', '05408000')).toBe('valid');
    expect(checkPostalCode('BRA', '0540')).toBe('invalid');
    expect(checkPostalCode('USA', '10001')).toBe('valid');
    expect(checkPostalCode('USA', '05408-000')).toBe('invalid');
    expect(checkPostalCode('BRA', '   ')).toBe('invalid');
  });

  it('leaves countries without rules to the server', () => {
    expect(checkPostalCode('ARE', '12345')).toBe('unchecked');
  });

  it('normalizes what a shopper types', () => {
    expect(normalizePostalCode('  SW1A   1AA ')).toBe('SW1A 1AA');
    expect(checkPostalCode('GBR', ' sw1a 1aa ')).toBe('valid');
  });

  it('knows a rule for every country it maps', () => {
    const mapped = ['ASC', 'BRA', 'XKX', 'TAA', 'ZMB'].map(alpha2ForCountry);
    for (const alpha2 of mapped) expect(alpha2 && postcodeValidatorExistsForCountry(alpha2)).toBeTruthy();
  });
});
