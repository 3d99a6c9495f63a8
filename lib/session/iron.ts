import { cbc } from '@noble/ciphers/aes.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64UrlToBytes, bytesToBase64Url } from './base64';

/**
 * iron's Fe26.2 seal, as iron-session 8 writes and reads it, done synchronously with
 * @noble/ciphers and @noble/hashes instead of iron-webcrypto's eight awaited WebCrypto
 * calls (the call overhead, not the arithmetic, was most of the cost; see
 * docs/session-token.md).
 *
 *   Fe26.2*<password id>*<enc salt>*<iv>*<ciphertext>*<expiry ms>*<mac salt>*<mac>~2
 *
 * - each salt: 256 random bits as 64 lowercase hex characters, used as UTF-8 text;
 * - each key: PBKDF2-SHA1(secret as UTF-8, salt, 1 iteration, 32 bytes): one for
 *   AES-256-CBC (PKCS#7 padding, 128-bit random iv), a fresh one for HMAC-SHA256;
 * - the MAC covers everything before `*<mac salt>`, as text;
 * - iv, ciphertext and MAC in unpadded base64url; expiry empty when there is no ttl;
 * - `~2`: iron-session's format version (its sealData appends it, its unsealData reads
 *   a token without it as an iron-session 6 token).
 */

export const MAC_PREFIX = 'Fe26.2';
export const IRON_SESSION_VERSION_SUFFIX = '~2';
/** iron's allowance for clocks that disagree, applied to the expiry field. */
export const TIMESTAMP_SKEW_MS = 60_000;
/** iron's minimum password length, which iron-session enforces too. */
export const MIN_PASSWORD_LENGTH = 32;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const utf8ToBytes = (text: string): Uint8Array => encoder.encode(text);

const SALT_BYTES = 32;
const IV_BYTES = 16;
const KEY_BYTES = 32;

/**
 * The one spelling of a sealed token this module accepts. iron-session reads the
 * version with split('~') and parseInt, so `…~2x` or `…~2~junk` would unseal as the
 * token itself; those are refused. The password id is numeric: iron-session seals
 * with the largest numeric id of its password map.
 */
const SEALED_SHAPE = /^Fe26\.2\*\d+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*\d*\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+~2$/;

export function isSealedShape(token: string): boolean {
  return SEALED_SHAPE.test(token);
}

/** A secret ready to derive keys from: its UTF-8 bytes are encoded once, not per token. */
export interface IronPassword {
  /** `\d+`: what iron-session writes and what the shape check accepts. */
  readonly id: string;
  readonly secret: Uint8Array;
}

export function ironPassword(id: string | number, secret: string): IronPassword {
  const label = String(id);
  if (!/^\d+$/.test(label)) throw new Error('An iron password id is a decimal number');
  if (secret.length < MIN_PASSWORD_LENGTH) throw new Error(`An iron password has at least ${MIN_PASSWORD_LENGTH} characters`);
  return { id: label, secret: utf8ToBytes(secret) };
}

/** Passwords that may unseal, by id. */
export type IronPasswords = ReadonlyMap<string, IronPassword>;

export function ironPasswords(passwords: readonly IronPassword[]): IronPasswords {
  return new Map(passwords.map((password) => [password.id, password]));
}

export type IronUnsealed =
  | { ok: true; text: string }
  | { ok: false; reason: 'malformed' | 'expired' | 'unknown_password' | 'bad_mac' | 'bad_ciphertext' };

export interface SealOptions {
  /** Adds iron's own expiry field, `now + ttlMs`; 0 or absent: no expiry field. */
  ttlMs?: number;
  now?: number;
}

/** Both salts and the iv from one call: each getRandomValues call costs microseconds. */
function randomness(): { encryptionSalt: string; macSalt: string; iv: Uint8Array } {
  const bytes = crypto.getRandomValues(new Uint8Array(2 * SALT_BYTES + IV_BYTES));
  return {
    encryptionSalt: bytesToHex(bytes.subarray(0, SALT_BYTES)),
    macSalt: bytesToHex(bytes.subarray(SALT_BYTES, 2 * SALT_BYTES)),
    iv: bytes.subarray(2 * SALT_BYTES),
  };
}

function deriveKey(password: IronPassword, salt: string): Uint8Array {
  return pbkdf2(sha1, password.secret, utf8ToBytes(salt), { c: 1, dkLen: KEY_BYTES });
}

function macOf(password: IronPassword, salt: string, macBase: string): string {
  return bytesToBase64Url(hmac(sha256, deriveKey(password, salt), utf8ToBytes(macBase)));
}

/** Seals text (iron seals `JSON.stringify(object)`: pass that to be read as an object). */
export function sealText(text: string, password: IronPassword, options: SealOptions = {}): string {
  const { encryptionSalt, macSalt, iv } = randomness();
  const ciphertext = cbc(deriveKey(password, encryptionSalt), iv).encrypt(utf8ToBytes(text));
  const expiry = options.ttlMs ? (options.now ?? Date.now()) + options.ttlMs : '';
  const macBase = `${MAC_PREFIX}*${password.id}*${encryptionSalt}*${bytesToBase64Url(iv)}*${bytesToBase64Url(ciphertext)}*${expiry}`;
  return `${macBase}*${macSalt}*${macOf(password, macSalt, macBase)}${IRON_SESSION_VERSION_SUFFIX}`;
}

/**
 * Opens a token sealed by sealText or by iron-session's sealData. Never throws: any
 * token that is not authentic, whole and unexpired is a reason, not an exception.
 */
export function unsealText(token: string, passwords: IronPasswords, options: { now?: number } = {}): IronUnsealed {
  if (!isSealedShape(token)) return { ok: false, reason: 'malformed' };
  const parts = token.slice(0, -IRON_SESSION_VERSION_SUFFIX.length).split('*');
  const [, id, encryptionSalt, iv, ciphertext, expiry, macSalt, mac] = parts as [string, string, string, string, string, string, string, string];
  if (expiry !== '' && Number(expiry) <= (options.now ?? Date.now()) - TIMESTAMP_SKEW_MS) return { ok: false, reason: 'expired' };
  const password = passwords.get(id);
  if (!password) return { ok: false, reason: 'unknown_password' };

  const macBase = `${MAC_PREFIX}*${id}*${encryptionSalt}*${iv}*${ciphertext}*${expiry}`;
  // Compared whole, in time that depends on the length only (public: 43 characters).
  if (!equalBytes(utf8ToBytes(macOf(password, macSalt, macBase)), utf8ToBytes(mac))) return { ok: false, reason: 'bad_mac' };

  try {
    const plain = cbc(deriveKey(password, encryptionSalt), base64UrlToBytes(iv)).decrypt(base64UrlToBytes(ciphertext));
    return { ok: true, text: decoder.decode(plain) };
  } catch {
    // Only a sealer holding the secret gets here with bad bytes (wrong iv length, padding).
    return { ok: false, reason: 'bad_ciphertext' };
  }
}

/** iron-session's sealData, synchronous: `data` is sealed as JSON. */
export function sealData(data: object, password: IronPassword, options: SealOptions = {}): string {
  return sealText(JSON.stringify(data), password, options);
}

/**
 * iron-session's unsealData, synchronous, with the failures spelled out instead of
 * folded into `{}`. Empty plaintext unseals to null, as in iron.
 */
export function unsealData(
  token: string,
  passwords: IronPasswords,
  options: { now?: number } = {},
): { ok: true; data: unknown } | Extract<IronUnsealed, { ok: false }> | { ok: false; reason: 'bad_json' } {
  const opened = unsealText(token, passwords, options);
  if (!opened.ok) return opened;
  if (opened.text === '') return { ok: true, data: null };
  try {
    return { ok: true, data: JSON.parse(opened.text) as unknown };
  } catch {
    return { ok: false, reason: 'bad_json' };
  }
}
