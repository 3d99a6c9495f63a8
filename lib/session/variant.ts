import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64Url } from './base64';
import { hmacSha256, type KeyedHmacSha256 } from './hmac-sha256';
import { Lru } from './lru';
import { utf8Encoder } from './utf8';
import { SEGMENT_KEYS, type SegmentKey } from './segment';
import type { ChannelPrivacy, Segment } from './types';
import { DEFAULT_VARIANT_FIELDS } from './variant-fields';

export { DEFAULT_VARIANT_FIELDS };

/*
 * A variant code is a path segment and an ISR cache file name, so it has a hard bound
 * (file systems cap a name at 255 bytes, CDNs a segment or URL). Format 2, all in the
 * base64url alphabet:
 *
 *   shape(1) | inline fields | [digest(16)] | tag(22)
 *
 * - shape: one letter, `a`-`f`: format 2, the channel's privacy (none, public,
 *   private) and whether a digest follows. A later format takes other letters.
 * - inline fields, in INLINE_ORDER: each a length character (base64url digit) and
 *   that many characters of the value. `A` (0) is a null, `_` (63) a value only the
 *   digest stands for. Trailing nulls are left out.
 * - digest: 96 bits of HMAC-SHA-256 (its own key) of the whole variant body, present
 *   when some value does not fit inline (a marketplace region, a list of campaigns).
 *   Pages learn the body from a registry keyed by the digest, and check it against
 *   the digest before using it.
 * - tag: 128 bits of HMAC-SHA-256 (another key) of everything before it.
 *
 * docs/variant-codes.md has the numbers (collisions, forgery).
 */

export const MAX_VARIANT_CODE_LENGTH = 64;
const SHAPES = 'abcdef';
const TAG_BYTES = 16;
const TAG_CHARS = 22;
const DIGEST_BYTES = 12;
const DIGEST_CHARS = 16;
const MIN_CODE_LENGTH = 1 + TAG_CHARS;
const INLINE_BUDGET = MAX_VARIANT_CODE_LENGTH - 1 - TAG_CHARS;
const INLINE_BUDGET_WITH_DIGEST = INLINE_BUDGET - DIGEST_CHARS;
const CODE_PATTERN = /^[a-f][A-Za-z0-9_-]+$/;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const NULL_MARK = 'A';
const DIGEST_MARK = '_';
const MAX_INLINE_VALUE = 62;
const RAW_VALUE = /^[A-Za-z0-9_-]+$/;
const BASE64_VALUE = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The order fields are inlined in: what a page needs to render prices first (so it
 * still can when the registry has no entry), the region, then campaigns and the rest.
 * Privacy rides in the shape letter. Positions are forever: changing them is a new format.
 */
const INLINE_ORDER = [
  'channel',
  'currencyCode',
  'countryCode',
  'cultureInfo',
  'priceTables',
  'regionId',
  'campaigns',
  'utm_source',
  'utm_campaign',
  'utmi_campaign',
  'currencySymbol',
  'admin_cultureInfo',
] as const satisfies readonly SegmentKey[];
const PRIVACIES: readonly (ChannelPrivacy | null)[] = [null, 'public', 'private'];

/** The code format: a later format takes other shape letters, other keys, and another name here. */
export const VARIANT_CODE_FORMAT = 'v2';
const TAG_INFO = utf8Encoder.encode(`vtex-sessions-next/variant-code/${VARIANT_CODE_FORMAT}/tag`);
const DIGEST_INFO = utf8Encoder.encode(`vtex-sessions-next/variant-code/${VARIANT_CODE_FORMAT}/digest`);

interface SecretKeys {
  tag: KeyedHmacSha256;
  digest: KeyedHmacSha256;
}

// Keys outlive codecs: route modules and the middleware may each build one per secret list.
const keyCache = new Map<string, SecretKeys>();

/**
 * Two HMAC keys of their own, derived from a session secret (codes never share a key
 * with sealed cookies), each keyed once (hmac-sha256.ts) so a MAC pays no key schedule.
 */
function keysOf(secret: string): SecretKeys {
  let keys = keyCache.get(secret);
  if (!keys) {
    const ikm = utf8Encoder.encode(secret);
    keys = {
      tag: hmacSha256.keyed(hkdf(sha256, ikm, undefined, TAG_INFO, 32)),
      digest: hmacSha256.keyed(hkdf(sha256, ikm, undefined, DIGEST_INFO, 32)),
    };
    keyCache.set(secret, keys);
  }
  return keys;
}

function mac(keyed: KeyedHmacSha256, text: string, bytes: number): string {
  return bytesToBase64Url(keyed(text).subarray(0, bytes));
}

/** Constant time: how much of a guessed tag is right must not show in how long a 404 takes. */
function equalText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function assertFields(fields: readonly string[]): asserts fields is readonly SegmentKey[] {
  for (const field of fields) {
    if (!(SEGMENT_KEYS as readonly string[]).includes(field)) {
      throw new Error(`"${field}" is not a segment field; variant fields are chosen from ${SEGMENT_KEYS.join(', ')}`);
    }
  }
}

/**
 * The whole variant of a segment as one canonical string (JSON, segment key order,
 * nulls and other fields left out), so equal fields always give equal bytes. It is
 * what the digest covers and what the registry holds.
 */
export function variantBody(segment: Segment, fields: readonly SegmentKey[] = DEFAULT_VARIANT_FIELDS): string {
  const body: Record<string, string> = {};
  for (const field of SEGMENT_KEYS) {
    const value = fields.includes(field) ? segment[field] : null;
    // Privacy is public, private or nothing (deriveSegment says so; codes rely on it).
    if (field === 'channelPrivacy' && value !== 'public' && value !== 'private') continue;
    if (value !== null && value !== undefined) body[field] = value;
  }
  return JSON.stringify(body);
}

/** True when two segments would be served the same page variant (a client can tell whether to refresh). */
export function sameVariant(a: Segment, b: Segment, fields: readonly SegmentKey[] = DEFAULT_VARIANT_FIELDS): boolean {
  return variantBody(a, fields) === variantBody(b, fields);
}

function emptySegment(): Segment {
  return {
    campaigns: null,
    channel: null,
    priceTables: null,
    regionId: null,
    utm_campaign: null,
    utm_source: null,
    utmi_campaign: null,
    currencyCode: null,
    currencySymbol: null,
    countryCode: null,
    cultureInfo: null,
    channelPrivacy: null,
  };
}

/** A body from the registry (or anywhere): null unless it is exactly what variantBody writes. */
function parseBody(body: string): Segment | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const segment = emptySegment();
  for (const [key, value] of Object.entries(parsed)) {
    if (!(SEGMENT_KEYS as readonly string[]).includes(key) || typeof value !== 'string') return null;
    if (key === 'channelPrivacy' && value !== 'public' && value !== 'private') return null;
    (segment as unknown as Record<string, string>)[key] = value;
  }
  return segment;
}

/** The value as it can stand in a code, or null when it cannot (it goes behind the digest). */
function inlineValue(field: SegmentKey, value: string): string | null {
  let text = value;
  if (field === 'regionId') {
    // VTEX's base64 region id, spelled base64url (the padding is implied by the length).
    if (!BASE64_VALUE.test(value) || value.length % 4 !== 0) return null;
    text = value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  return text.length <= MAX_INLINE_VALUE && RAW_VALUE.test(text) ? text : null;
}

function outlineValue(field: SegmentKey, text: string): string {
  if (field !== 'regionId') return text;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return standard + '='.repeat((4 - (standard.length % 4)) % 4);
}

function piece(field: SegmentKey, value: string | null): string | null {
  if (value === null) return NULL_MARK;
  const text = inlineValue(field, value);
  return text === null ? null : B64URL[text.length]! + text;
}

/** What a code says by itself, once its tag checked out. */
export interface DecodedVariant {
  readonly code: string;
  /** The variant fields (others null); those in `unresolved` are null here as well, until resolved. */
  readonly segment: Readonly<Segment>;
  /** The registry key standing for the whole variant, or null when the code holds every field. */
  readonly digest: string | null;
  /** Fields whose value only the digest stands for (they may be null too: the code cannot say). */
  readonly unresolved: ReadonlySet<SegmentKey>;
  /** Which secret signed it, newest first; the digest is checked with the same one. */
  readonly secretIndex: number;
}

/** A code and what the registry should hold for it (null when the code holds every field). */
export interface IssuedVariant {
  code: string;
  entry: { digest: string; body: string } | null;
}

export interface VariantCodecOptions {
  /** Newest first: the first signs, every one verifies (rotation). */
  secrets: readonly string[];
  /** Segment fields that pick a variant. Decoding needs no list: codes say what they hold. */
  fields?: readonly SegmentKey[];
  /** Distinct segments and codes to remember (0 disables). */
  cacheSize?: number;
}

const NO_FIELDS: ReadonlySet<SegmentKey> = new Set();

/**
 * Signed, url-safe cache-variant codes of at most 64 characters, whatever the fields
 * hold. Synchronous (HMAC-SHA-256 from @noble/hashes, keys derived once per secret):
 * the middleware asks for one on every page request. A code is a pure function of
 * (fields, secret), so every server computes the same one, and nobody without the
 * secret can make one.
 */
export class VariantCodec {
  readonly fields: readonly SegmentKey[];
  private readonly secrets: readonly string[];
  private readonly issued: Lru<string, IssuedVariant> | null;
  private readonly decoded: Lru<string, DecodedVariant> | null;
  private readonly completed: Lru<string, Readonly<Segment>> | null;

  constructor(options: VariantCodecOptions) {
    if (options.secrets.length === 0) throw new Error('VariantCodec needs at least one secret');
    const fields = options.fields ?? DEFAULT_VARIANT_FIELDS;
    assertFields(fields);
    this.fields = fields;
    this.secrets = options.secrets;
    const size = options.cacheSize ?? 1000;
    this.issued = size > 0 ? new Lru(size) : null;
    this.decoded = size > 0 ? new Lru(size) : null;
    this.completed = size > 0 ? new Lru(size) : null;
  }

  /** The code of a segment's variant. */
  encode(segment: Segment): string {
    return this.issue(segment).code;
  }

  /** The code of a segment's variant, and the registry entry a page needs to learn all of it. */
  issue(segment: Segment): IssuedVariant {
    const body = variantBody(segment, this.fields);
    let issued = this.issued?.get(body);
    if (!issued) {
      issued = this.sign(segment, body);
      this.issued?.set(body, issued);
    }
    return issued;
  }

  /**
   * False when `text` cannot be a code (length, alphabet, shape letter), without any
   * work: the middleware asks this of every path's first segment.
   */
  mayBeCode(text: string): boolean {
    return text.length >= MIN_CODE_LENGTH && text.length <= MAX_VARIANT_CODE_LENGTH && CODE_PATTERN.test(text);
  }

  /**
   * What a code holds, or null for anything that is not a code signed by one of the
   * secrets: forged, altered, truncated, foreign, or another format.
   */
  decode(code: string): DecodedVariant | null {
    const known = this.decoded?.get(code);
    if (known) return known;
    if (!this.mayBeCode(code)) return null;
    const shape = SHAPES.indexOf(code[0]!);
    const hasDigest = shape % 2 === 1;
    const signedEnd = code.length - TAG_CHARS;
    const inlineEnd = hasDigest ? signedEnd - DIGEST_CHARS : signedEnd;
    if (inlineEnd < 1) return null;
    // Parsing is cheap and turns away most non-codes (a long slug, say) before any HMAC.
    const parsed = parseInline(code.slice(1, inlineEnd), hasDigest);
    if (!parsed) return null;
    const signed = code.slice(0, signedEnd);
    const tag = code.slice(signedEnd);
    let secretIndex = -1;
    for (let i = 0; i < this.secrets.length && secretIndex < 0; i++) {
      if (equalText(mac(keysOf(this.secrets[i]!).tag, signed, TAG_BYTES), tag)) secretIndex = i;
    }
    if (secretIndex < 0) return null;
    parsed.segment.channelPrivacy = PRIVACIES[shape >> 1]!;
    const decoded: DecodedVariant = {
      code,
      segment: Object.freeze(parsed.segment),
      digest: hasDigest ? code.slice(inlineEnd, signedEnd) : null,
      unresolved: parsed.unresolved,
      secretIndex,
    };
    this.decoded?.set(code, decoded);
    return decoded;
  }

  /**
   * The whole segment of a decoded code, given the body a registry holds for its
   * digest; null when the body is not the one the digest stands for (stale, corrupt,
   * forged) or disagrees with what the code itself says.
   */
  complete(decoded: DecodedVariant, body: string): Readonly<Segment> | null {
    if (decoded.digest === null) return decoded.segment;
    const known = this.completedBefore(decoded);
    if (known) return known;
    const secret = this.secrets[decoded.secretIndex];
    if (secret === undefined || !equalText(mac(keysOf(secret).digest, body, DIGEST_BYTES), decoded.digest)) return null;
    const segment = parseBody(body);
    if (!segment) return null;
    for (const field of SEGMENT_KEYS) {
      if (!decoded.unresolved.has(field) && segment[field] !== decoded.segment[field]) return null;
    }
    Object.freeze(segment);
    this.completed?.set(decoded.code, segment);
    return segment;
  }

  /** The whole segment of a code this codec completed recently (no registry needed), or null. */
  completedBefore(decoded: DecodedVariant): Readonly<Segment> | null {
    return decoded.digest === null ? decoded.segment : (this.completed?.get(decoded.code) ?? null);
  }

  private sign(segment: Segment, body: string): IssuedVariant {
    const keys = keysOf(this.secrets[0]!);
    const value = (field: SegmentKey) => (this.fields.includes(field) ? (segment[field] ?? null) : null);
    const privacyIndex = Math.max(0, PRIVACIES.indexOf(value('channelPrivacy') as ChannelPrivacy | null));
    const pieces = INLINE_ORDER.map((field) => piece(field, value(field)));
    const whole = pieces.every((p) => p !== null) ? joinPieces(pieces as string[], NULL_MARK) : null;
    if (whole !== null && whole.length <= INLINE_BUDGET) {
      const signed = SHAPES[privacyIndex * 2]! + whole;
      return { code: signed + mac(keys.tag, signed, TAG_BYTES), entry: null };
    }
    // The leading fields that fit, in order; a value that does not is marked, and
    // everything after the last piece is left to the digest as well.
    const kept: string[] = [];
    let length = 0;
    for (const p of pieces) {
      const next = p !== null && length + p.length <= INLINE_BUDGET_WITH_DIGEST ? p : DIGEST_MARK;
      if (length + next.length > INLINE_BUDGET_WITH_DIGEST) break;
      kept.push(next);
      length += next.length;
    }
    const inline = joinPieces(kept, DIGEST_MARK);
    const digest = mac(keys.digest, body, DIGEST_BYTES);
    const signed = SHAPES[privacyIndex * 2 + 1]! + inline + digest;
    return { code: signed + mac(keys.tag, signed, TAG_BYTES), entry: { digest, body } };
  }
}

/**
 * The pieces joined, less the trailing ones that are only `mark` (a null, or a field
 * left to the digest): whole pieces, never characters, as a value may end in the
 * mark's letter (`BA`, `B_`).
 */
function joinPieces(pieces: readonly string[], mark: string): string {
  let end = pieces.length;
  while (end > 0 && pieces[end - 1] === mark) end--;
  return pieces.slice(0, end).join('');
}

function parseInline(inline: string, hasDigest: boolean): { segment: Segment; unresolved: ReadonlySet<SegmentKey> } | null {
  const segment = emptySegment();
  const unresolved = new Set<SegmentKey>();
  let at = 0;
  let position = 0;
  while (at < inline.length) {
    const field = INLINE_ORDER[position++];
    if (field === undefined) return null;
    const length = B64URL.indexOf(inline[at]!);
    at++;
    if (length === 0) continue;
    if (length === 63) {
      if (!hasDigest) return null;
      unresolved.add(field);
      continue;
    }
    if (at + length > inline.length) return null;
    segment[field] = outlineValue(field, inline.slice(at, at + length));
    at += length;
  }
  if (hasDigest) {
    for (let i = position; i < INLINE_ORDER.length; i++) unresolved.add(INLINE_ORDER[i]!);
  }
  return { segment, unresolved: unresolved.size === 0 ? NO_FIELDS : unresolved };
}
