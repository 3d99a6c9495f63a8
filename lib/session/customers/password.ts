import { base64UrlToBytes, bytesToBase64Url } from '../base64';

/**
 * Password hashes: PBKDF2-HMAC-SHA256 through Web Crypto (runs in Edge, Node and
 * browsers alike), stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>` with
 * base64url parts, so the cost can rise later without breaking old hashes.
 */
export const PBKDF2_ITERATIONS = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA256
const SALT_BYTES = 16;
const HASH_BITS = 256;
const PREFIX = 'pbkdf2-sha256';

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${PREFIX}$${iterations}$${bytesToBase64Url(salt)}$${bytesToBase64Url(hash)}`;
}

/** True when `password` matches `stored`; a malformed hash never matches. Compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== PREFIX || !/^\d{1,8}$/.test(parts[1]!)) return false;
  const iterations = Number(parts[1]);
  if (iterations < 1000) return false;
  let salt: Uint8Array;
  let expected: Uint8Array;
  try {
    salt = base64UrlToBytes(parts[2]!);
    expected = base64UrlToBytes(parts[3]!);
  } catch {
    return false;
  }
  if (expected.length * 8 !== HASH_BITS) return false;
  const actual = await derive(password, salt, iterations);
  let difference = 0;
  for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ expected[i]!;
  return difference === 0;
}
