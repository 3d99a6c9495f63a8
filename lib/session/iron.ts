import { equalBytes } from '@noble/ciphers/utils.js';
import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha1, type _SHA1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { aesCbc, type KeyedAesCbcEncrypt } from './aes-cbc';
import { Lru } from './lru';
import { base64UrlToBytes, bytesToBase64Url } from './base64';
import { hmacSha256, type KeyedHmacSha256 } from './hmac-sha256';
import { withIntrinsics } from './intrinsics';
import { randomBytes } from './random';
import { utf8Encoder } from './utf8';

/**
 * iron's Fe26.2 seal, as iron-session 8 writes and reads it, done synchronously with
 * @noble/hashes and aes-cbc.ts (OpenSSL on Node, @noble/ciphers elsewhere) instead of
 * iron-webcrypto's eight awaited WebCrypto calls (the call overhead, not the
 * arithmetic, was most of the cost; see docs/session-token.md).
 *
 *   Fe26.2*<password id>*<enc salt>*<iv>*<ciphertext>*<expiry ms>*<mac salt>*<mac>~2
 *
 * - each key: PBKDF2-SHA1(secret as UTF-8, salt as UTF-8 text, 1 iteration, 32
 *   bytes): one for AES-256-CBC (PKCS#7 padding, 128-bit random iv), one for HMAC-SHA256;
 * - iron writes each salt as 256 random bits in hex; any text without `*` or `~` reads.
 *   Ours differ in three ways (docs/session-token.md has the threat analysis):
 *   - the MAC salt is one constant, so the integrity key is one per secret (as in any
 *     HMAC-signed cookie) and is derived once, not twice per token;
 *   - the encryption salt may start with a label, `<label>.<128 random bits>`: text
 *     the token says in the clear, under its MAC, readable without decrypting
 *     (verifyText);
 *   - a labelled salt's random bits are drawn once per SEALS_PER_SALT seals, not per
 *     token, so tokens of one label share an encryption key (each has its own iv).
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

// Lenient, as iron's: a sealed text is only ever what a holder of the secret wrote.
const decoder = new TextDecoder();
const utf8ToBytes = (text: string): Uint8Array => utf8Encoder.encode(text);

const SALT_BYTES = 32;
const LABELLED_SALT_BYTES = 16;
const IV_BYTES = 16;
const KEY_BYTES = 32;

/**
 * The MAC salt of every token we seal. Public and constant: what keeps the integrity
 * key secret is the secret, and a salt per token only made every check pay for a
 * key derivation (see docs/session-token.md). Short, since every token carries it in
 * every cookie and every write's answer: a longer constant adds no secrecy.
 */
export const INTEGRITY_SALT = 'vsn-mac';

/** A label: dot-separated base64url words, short enough to ride in every cookie. */
const LABEL = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
export const MAX_LABEL_LENGTH = 160;

/**
 * The one spelling of a sealed token this module accepts. iron-session reads the
 * version with split('~') and parseInt, so `…~2x` or `…~2~junk` would unseal as the
 * token itself; those are refused. The password id is numeric: iron-session seals
 * with the largest numeric id of its password map.
 */
const SEALED_SHAPE = /^Fe26\.2\*\d+\*[A-Za-z0-9_.-]+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*\d*\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+~2$/;

export function isSealedShape(token: string): boolean {
  return SEALED_SHAPE.test(token);
}

/** An HMAC state keyed once; `_cloneInto` copies one into another without allocating. */
type KeyedSha1 = _HMAC<_SHA1>;

/** A secret ready to derive keys from: keyed once, not per token. */
export interface IronPassword {
  /** `\d+`: what iron-session writes and what the shape check accepts. */
  readonly id: string;
  /**
   * HMAC-SHA1 keyed with the secret: PBKDF2's pseudo-random function, keyed once
   * (keying it was a third of a seal's time in an Edge sandbox) and cloned per key.
   */
  readonly prf: KeyedSha1;
  /** HMAC-SHA256 keyed once with the integrity key of INTEGRITY_SALT (hmac-sha256.ts: OpenSSL on Node). */
  readonly integrity: KeyedHmacSha256;
  /** Encryption keys of the salts this process seals with lately, derived once each (see SEALS_PER_SALT). */
  readonly encryption: Lru<string, EncryptionKey>;
}

/** A salt's encryption key, and its encryptor once the key has sealed. */
interface EncryptionKey {
  readonly key: Uint8Array;
  encrypt?: KeyedAesCbcEncrypt;
}

/** Salts whose keys a password keeps: a store's variants (labels) times a few salt windows. */
const ENCRYPTION_KEYS_KEPT = 128;

export function ironPassword(id: string | number, secret: string): IronPassword {
  const label = String(id);
  if (!/^\d+$/.test(label)) throw new Error('An iron password id is a decimal number');
  if (secret.length < MIN_PASSWORD_LENGTH) throw new Error(`An iron password has at least ${MIN_PASSWORD_LENGTH} characters`);
  const prf = hmac.create(sha1, utf8ToBytes(secret)) as KeyedSha1;
  return { id: label, prf, integrity: hmacSha256.keyedAscii(deriveKey(prf, INTEGRITY_SALT)), encryption: new Lru(ENCRYPTION_KEYS_KEPT) };
}

/** Passwords that may unseal, by id. */
export type IronPasswords = ReadonlyMap<string, IronPassword>;

export function ironPasswords(passwords: readonly IronPassword[]): IronPasswords {
  return new Map(passwords.map((password) => [password.id, password]));
}

type Refusal = 'malformed' | 'expired' | 'unknown_password' | 'bad_mac';

export type IronVerified = { ok: true; label: string | null; passwordId: string } | { ok: false; reason: Refusal };

export type IronUnsealed = { ok: true; text: string } | { ok: false; reason: Refusal | 'bad_ciphertext' };

export interface SealOptions {
  /** Adds iron's own expiry field, `now + ttlMs`; 0 or absent: no expiry field. */
  ttlMs?: number;
  now?: number;
  /**
   * Text the token carries in the clear, under its MAC, ahead of the encryption
   * salt's randomness: dot-separated base64url words (MAX_LABEL_LENGTH at most).
   * Readable by anyone who holds the token; only a holder of the secret can write it.
   */
  label?: string;
}

const BLOCK_1 = Uint8Array.of(0, 0, 0, 1);
const BLOCK_2 = Uint8Array.of(0, 0, 0, 2);
const SHA1_BYTES = 20;

/**
 * HMAC states copied into, not allocated, per key: a clone builds two hash objects,
 * and in an Edge sandbox (whose Uint8Array is a Proxy) that was a third of a seal.
 * Safe to share: every use below runs to its digest synchronously, and each digest
 * lands in a buffer of its own before the next use.
 */
const scratch: { salted?: KeyedSha1; block?: KeyedSha1 } = {};
const block = new Uint8Array(SHA1_BYTES);

/**
 * PBKDF2-SHA1 with one iteration and 32 bytes out (RFC 8018, 5.2), from the secret's
 * keyed HMAC: with c = 1 each block is U_1 = PRF(secret, salt || INT(i)), and 32
 * bytes are T_1 and 12 bytes of T_2. @noble/hashes' pbkdf2 gives the same bytes
 * (test/unit/token-iron.test.ts) but keys the HMAC again on every call.
 */
export function deriveKey(prf: KeyedSha1, salt: string): Uint8Array {
  const salted = (scratch.salted = prf._cloneInto(scratch.salted)).update(utf8ToBytes(salt));
  const key = new Uint8Array(KEY_BYTES);
  (scratch.block = salted._cloneInto(scratch.block)).update(BLOCK_1).digestInto(block);
  key.set(block);
  salted.update(BLOCK_2).digestInto(block);
  key.set(block.subarray(0, KEY_BYTES - SHA1_BYTES), SHA1_BYTES);
  return key;
}

function macOf(password: IronPassword, salt: string, macBase: string): string {
  // iron's own tokens (iron-session's) carry a MAC salt per token: a key per token. The
  // MAC base is ASCII: built from base64url and digits here, shape-checked when read.
  const keyed = salt === INTEGRITY_SALT ? password.integrity : hmacSha256.keyedAscii(deriveKey(password.prf, salt));
  return bytesToBase64Url(keyed(macBase));
}

/**
 * The random part of the encryption salts this process writes, drawn anew every
 * SEALS_PER_SALT seals. iron draws a salt per token, so each token has a key of its
 * own; ours share one among the tokens of a label (same variant, same expiry minute)
 * sealed in one window, so the key is derived, and the cipher context made, once for
 * all of them. Every token still has its own random iv, which is all that CBC asks of
 * tokens sharing a key. Only where AES is OpenSSL's (Node), which runs in constant
 * time: noble's table-driven AES (the Edge runtime) keeps a key per token, so it never
 * encrypts a stream of tokens under one key (docs/session-token.md, threat analysis).
 */
export const SEALS_PER_SALT = 4096;
const SHARED_SALTS = aesCbc.name === 'node';
const saltWindow = { random: '', left: 0 };

function saltRandom(): string {
  if (!SHARED_SALTS) return bytesToBase64Url(randomBytes(LABELLED_SALT_BYTES));
  if (saltWindow.left <= 0) {
    saltWindow.random = bytesToBase64Url(randomBytes(LABELLED_SALT_BYTES));
    saltWindow.left = SEALS_PER_SALT;
  }
  saltWindow.left--;
  return saltWindow.random;
}

function encryptionSaltOf(label: string | undefined): string {
  if (label === undefined) return bytesToHex(randomBytes(SALT_BYTES));
  if (label.length > MAX_LABEL_LENGTH || !LABEL.test(label)) throw new Error('A seal label is dot-separated base64url words, at most 160 characters');
  return `${label}.${saltRandom()}`;
}

/**
 * The key of a salt this process seals with, kept while the salt is in use. Only shared
 * salts are kept: a salt per token (iron's, the Edge runtime's) would only churn the cache.
 */
function sealingKey(password: IronPassword, salt: string): EncryptionKey {
  return password.encryption.getOrSet(salt, () => ({ key: deriveKey(password.prf, salt) }));
}

/** A token's key to open it: the kept one when this process sealed with its salt lately, else derived. */
function openingKey(password: IronPassword, salt: string): Uint8Array {
  return password.encryption.get(salt)?.key ?? deriveKey(password.prf, salt);
}

function encrypt(password: IronPassword, salt: string, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (!SHARED_SALTS) return aesCbc.encrypt(deriveKey(password.prf, salt), iv, plaintext);
  const entry = sealingKey(password, salt);
  try {
    return (entry.encrypt ??= aesCbc.keyed(entry.key))(iv, plaintext);
  } catch {
    // A context that failed is not trusted again; this token gets a fresh one.
    entry.encrypt = undefined;
    return aesCbc.encrypt(entry.key, iv, plaintext);
  }
}

/** Seals text (iron seals `JSON.stringify(object)`: pass that to be read as an object). */
export function sealText(text: string, password: IronPassword, options: SealOptions = {}): string {
  return withIntrinsics(() => sealed(text, password, options));
}

function sealed(text: string, password: IronPassword, options: SealOptions): string {
  const encryptionSalt = encryptionSaltOf(options.label);
  const iv = randomBytes(IV_BYTES);
  const ciphertext = encrypt(password, encryptionSalt, iv, utf8ToBytes(text));
  const expiry = options.ttlMs ? (options.now ?? Date.now()) + options.ttlMs : '';
  const macBase = `${MAC_PREFIX}*${password.id}*${encryptionSalt}*${bytesToBase64Url(iv)}*${bytesToBase64Url(ciphertext)}*${expiry}`;
  return `${macBase}*${INTEGRITY_SALT}*${macOf(password, INTEGRITY_SALT, macBase)}${IRON_SESSION_VERSION_SUFFIX}`;
}

type Parts = [prefix: string, id: string, encryptionSalt: string, iv: string, ciphertext: string, expiry: string, macSalt: string, mac: string];

/** The token's parts once its shape, expiry field, password and MAC check out. */
function authentic(token: string, passwords: IronPasswords, now: number): { ok: true; parts: Parts; password: IronPassword } | { ok: false; reason: Refusal } {
  if (!isSealedShape(token)) return { ok: false, reason: 'malformed' };
  const parts = token.slice(0, -IRON_SESSION_VERSION_SUFFIX.length).split('*') as Parts;
  const [, id, encryptionSalt, iv, ciphertext, expiry, macSalt, mac] = parts;
  if (expiry !== '' && Number(expiry) <= now - TIMESTAMP_SKEW_MS) return { ok: false, reason: 'expired' };
  const password = passwords.get(id);
  if (!password) return { ok: false, reason: 'unknown_password' };
  const macBase = `${MAC_PREFIX}*${id}*${encryptionSalt}*${iv}*${ciphertext}*${expiry}`;
  // Compared whole, in time that depends on the length only (public: 43 characters).
  if (!equalBytes(utf8ToBytes(macOf(password, macSalt, macBase)), utf8ToBytes(mac))) return { ok: false, reason: 'bad_mac' };
  return { ok: true, parts, password };
}

/**
 * The password id and label a well-formed token names, read without any check: only
 * for a token whose MAC verifyText or unsealText has already checked.
 */
export function labelOfSealed(token: string): { passwordId: string; label: string | null } {
  const [, passwordId = '', salt = ''] = token.split('*', 3);
  const dot = salt.lastIndexOf('.');
  return { passwordId, label: dot > 0 ? salt.slice(0, dot) : null };
}

/**
 * Checks a token as unsealText does, without decrypting it: what a caller that needs
 * only the token's label (and that the token is ours, whole and unexpired) pays.
 */
export function verifyText(token: string, passwords: IronPasswords, options: { now?: number } = {}): IronVerified {
  const checked = withIntrinsics(() => authentic(token, passwords, options.now ?? Date.now()));
  return checked.ok ? { ok: true, ...labelOfSealed(token) } : checked;
}

/**
 * Opens a token sealed by sealText or by iron-session's sealData. Never throws: any
 * token that is not authentic, whole and unexpired is a reason, not an exception.
 */
export function unsealText(token: string, passwords: IronPasswords, options: { now?: number } = {}): IronUnsealed {
  return withIntrinsics(() => opened(token, passwords, options.now ?? Date.now()));
}

function opened(token: string, passwords: IronPasswords, now: number): IronUnsealed {
  const checked = authentic(token, passwords, now);
  if (!checked.ok) return checked;
  const [, , encryptionSalt, iv, ciphertext] = checked.parts;
  try {
    const plain = aesCbc.decrypt(openingKey(checked.password, encryptionSalt), base64UrlToBytes(iv), base64UrlToBytes(ciphertext));
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
