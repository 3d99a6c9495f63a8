import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { SessionError } from '../errors';
import { Lru } from '../lru';
import { alpha2Of } from './countries';

/** A session country: ISO 3166-1 alpha-3, upper case. Anything else is a 400. */
export function normalizeCountry(country: string): string {
  const code = country.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !alpha2Of(code)) {
    throw new SessionError(
      400,
      'invalid_country',
      `"${country.slice(0, 20)}" is not an ISO 3166-1 alpha-3 country code (for example BRA or USA)`,
    );
  }
  return code;
}

/** True when postcode-validator knows the country's format; other countries' codes are taken as typed. */
export function hasPostalCodeFormat(country: string): boolean {
  const alpha2 = alpha2ForCountry(country);
  return alpha2 !== null && postcodeValidatorExistsForCountry(alpha2);
}

/** The validator's alpha-2 code for a session (alpha-3) country, or null when it is not one. */
export function alpha2ForCountry(country: string): string | null {
  return alpha2Of(country.trim()) ?? null;
}

/**
 * What a shopper typed, tidied only in ways every format allows: blanks around it
 * dropped and runs of inner blanks made one ("SW1A   1AA" -> "SW1A 1AA").
 */
export function normalizePostalCode(postalCode: string): string {
  return postalCode.trim().replace(/\s+/g, ' ');
}

/**
 * A postal code against its country's format: `unchecked` when postcode-validator
 * has no rule for the country (the code is then taken as typed). Safe in browsers,
 * so a picker can say "that is not a CEP" before any request.
 */
export function checkPostalCode(country: string, postalCode: string): 'valid' | 'invalid' | 'unchecked' {
  const code = normalizePostalCode(postalCode);
  if (code.length === 0 || code.length > 16) return 'invalid';
  const alpha2 = alpha2ForCountry(country);
  if (!alpha2 || !postcodeValidatorExistsForCountry(alpha2)) return 'unchecked';
  return postcodeValidator(code, alpha2) || postcodeValidator(code.toUpperCase(), alpha2) ? 'valid' : 'invalid';
}

/** True unless the code breaks its country's known format. */
export function isValidPostalCode(country: string, postalCode: string): boolean {
  return checkPostalCode(country, postalCode) !== 'invalid';
}

export function assertValidPostalCode(country: string, postalCode: string): void {
  if (!isValidPostalCode(country, postalCode)) {
    throw new SessionError(
      400,
      'invalid_postal_code',
      `"${postalCode.slice(0, 20)}" is not a valid postal code for ${country}${example(country)}`,
    );
  }
}

const EXAMPLES: Record<string, string> = { BRA: '01310-100', USA: '10001', CAN: 'K1A 0B1', GBR: 'SW1A 1AA', PRT: '1000-001' };

function example(country: string): string {
  return EXAMPLES[country] ? ` (for example ${EXAMPLES[country]})` : '';
}

/**
 * The comparable form of a postal code: separators dropped, letters upper-cased,
 * so "01310-100" and "01310100" compare alike.
 */
export function postalCodeKey(postalCode: string): string {
  return postalCodeKeys.getOrSet(postalCode, () => postalCode.trim().toUpperCase().replace(/[\s-]/g, ''));
}

/**
 * Keys of recent postal codes: every region lookup and audience check compares a
 * shopper's code with each range's bounds, the same few strings again and again.
 */
const postalCodeKeys = new Lru<string, string>(1024);

/**
 * Whether a postal code lies in [from, to]. The code is compared on as many
 * characters as each bound has, so a ZIP+4 ("10001-1234") falls in a ZIP range
 * ("10001".."10299") and an outward code range ("SW1".."SW9") holds full codes.
 */
export function inPostalRange(postalCode: string, from: string, to: string): boolean {
  const key = postalCodeKey(postalCode);
  const low = postalCodeKey(from);
  const high = postalCodeKey(to);
  return key.slice(0, low.length) >= low && key.slice(0, high.length) <= high;
}
