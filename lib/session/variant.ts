import { base64ToUtf8, base64UrlToBytes, bytesToBase64Url, utf8ToBase64 } from './base64';
import { Lru } from './lru';
import { SEGMENT_KEYS, type SegmentKey } from './segment';
import type { Segment } from './types';
import { DEFAULT_VARIANT_FIELDS } from './variant-fields';

export { DEFAULT_VARIANT_FIELDS };

/**
 * One letter per field keeps codes short (they live in every rewritten URL and in
 * the names of ISR cache files, which file systems cap at 255 bytes). Letters are
 * forever: changing one changes every code.
 */
const ALIASES: Record<SegmentKey, string> = {
  campaigns: 'm',
  channel: 'c',
  priceTables: 'p',
  regionId: 'r',
  utm_campaign: 'g',
  utm_source: 's',
  utmi_campaign: 'i',
  currencyCode: 'u',
  currencySymbol: 'y',
  countryCode: 'n',
  cultureInfo: 'l',
  admin_cultureInfo: 'd',
  channelPrivacy: 'v',
};
const FIELD_BY_ALIAS = new Map(Object.entries(ALIASES).map(([field, alias]) => [alias, field as SegmentKey]));

/** 128 bits of HMAC-SHA-256: the half RFC 2104 recommends keeping at the least. */
const TAG_BYTES = 16;
const TAG_CHARS = Math.ceil((TAG_BYTES * 8) / 6);
export const MAX_VARIANT_CODE_LENGTH = 1024;
const CODE_PATTERN = /^[A-Za-z0-9_-]+$/;
const HKDF_INFO = new TextEncoder().encode('vtex-sessions-next/variant-code/v1');

// Keys outlive codecs: route modules and the middleware may each build one per secret list.
const keyCache = new Map<string, Promise<CryptoKey>>();

/** An HMAC key of its own, derived from a session secret: codes never share a key with sealed cookies. */
function variantKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: HKDF_INFO },
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign', 'verify'],
      );
    })();
    key.catch(() => keyCache.delete(secret));
    keyCache.set(secret, key);
  }
  return key;
}

function assertFields(fields: readonly string[]): asserts fields is readonly SegmentKey[] {
  for (const field of fields) {
    if (!(SEGMENT_KEYS as readonly string[]).includes(field)) {
      throw new Error(`"${field}" is not a segment field; variant fields are chosen from ${SEGMENT_KEYS.join(', ')}`);
    }
  }
}

/**
 * The part of a segment that picks a page variant, as a compact query string
 * (`c=1&u=BRL&...`) in a fixed field order with nulls left out, so equal fields
 * always give equal bytes.
 */
export function variantBody(segment: Segment, fields: readonly SegmentKey[] = DEFAULT_VARIANT_FIELDS): string {
  const parts: string[] = [];
  for (const field of SEGMENT_KEYS) {
    if (!fields.includes(field)) continue;
    const value = segment[field];
    if (value === null || value === undefined) continue;
    const sellers = field === 'regionId' ? regionSellers(value) : null;
    parts.push(sellers === null ? `${ALIASES[field]}=${escapeValue(value)}` : `${REGION_SELLERS_ALIAS}=${escapeValue(sellers)}`);
  }
  return parts.join('&');
}

/**
 * The body is base64url-encoded as a whole, so values need escaping only where they
 * would break its own syntax: `%`, `&` and `=`. (decodeURIComponent reads it back.)
 */
function escapeValue(value: string): string {
  return value.replace(/[%&=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A VTEX region id is base64("SW#" + sellers): carried as the sellers themselves, a
 * code spends no bytes on base64 inside base64. Only ids that round-trip exactly.
 */
const REGION_SELLERS_ALIAS = 'R';

function regionSellers(regionId: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(regionId)) return null;
  try {
    const decoded = base64ToUtf8(regionId.replace(/=+$/, ''));
    return decoded.startsWith('SW#') && utf8ToBase64(decoded) === regionId ? decoded.slice(3) : null;
  } catch {
    return null;
  }
}

/** True when two segments would be served the same page variant (a client can tell whether to refresh). */
export function sameVariant(a: Segment, b: Segment, fields: readonly SegmentKey[] = DEFAULT_VARIANT_FIELDS): boolean {
  return variantBody(a, fields) === variantBody(b, fields);
}

function parseBody(body: string): Segment | null {
  const segment: Segment = {
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
  if (body === '') return segment;
  const seen = new Set<string>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const alias = eq === 1 ? part[0]! : '';
    const field = alias === REGION_SELLERS_ALIAS ? 'regionId' : FIELD_BY_ALIAS.get(alias);
    if (!field || seen.has(field)) return null;
    seen.add(field);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(2));
    } catch {
      return null;
    }
    if (alias === REGION_SELLERS_ALIAS) {
      segment.regionId = utf8ToBase64(`SW#${value}`);
    } else if (field === 'channelPrivacy') {
      if (value !== 'public' && value !== 'private') return null;
      segment.channelPrivacy = value;
    } else {
      segment[field] = value;
    }
  }
  return segment;
}

export interface VariantCodecOptions {
  /** Newest first: the first signs, every one verifies (rotation). */
  secrets: readonly string[];
  /** Segment fields that pick a variant. Decoding needs no list: codes name their fields. */
  fields?: readonly SegmentKey[];
  /** Distinct segments and codes to remember (0 disables). */
  cacheSize?: number;
}

/**
 * Signed, url-safe cache-variant codes: base64url of the variant body followed by
 * a fixed-length HMAC tag. A code is a pure function of (fields, secret), so
 * every server computes the same one, and nobody without the secret can make one.
 */
export class VariantCodec {
  readonly fields: readonly SegmentKey[];
  private readonly secrets: readonly string[];
  private readonly codes: Lru<string, Promise<string>> | null;
  private readonly decoded: Lru<string, Segment> | null;

  constructor(options: VariantCodecOptions) {
    if (options.secrets.length === 0) throw new Error('VariantCodec needs at least one secret');
    const fields = options.fields ?? DEFAULT_VARIANT_FIELDS;
    assertFields(fields);
    this.fields = fields;
    this.secrets = options.secrets;
    const size = options.cacheSize ?? 1000;
    this.codes = size > 0 ? new Lru(size) : null;
    this.decoded = size > 0 ? new Lru(size) : null;
  }

  /** The code of a segment's variant; signed once per distinct variant body. */
  encode(segment: Segment): Promise<string> {
    const body = variantBody(segment, this.fields);
    let code = this.codes?.get(body);
    if (!code) {
      code = this.sign(body);
      code.catch(() => this.codes?.delete(body));
      this.codes?.set(body, code);
    }
    return code;
  }

  /**
   * False when `text` cannot be a code (too short or long, or not url-safe base64),
   * without any work: the middleware asks this of every path's first segment and
   * skips decode(), and its await, for ordinary ones.
   */
  mayBeCode(text: string): boolean {
    return text.length >= TAG_CHARS && text.length <= MAX_VARIANT_CODE_LENGTH && CODE_PATTERN.test(text);
  }

  /**
   * The variant fields a code carries (others null), or null for anything that is
   * not a code signed by one of the secrets: forged, altered, truncated, foreign.
   */
  async decode(code: string): Promise<Segment | null> {
    const known = this.decoded?.get(code);
    if (known) return known;
    if (!this.mayBeCode(code)) return null;
    const bodyText = code.slice(0, -TAG_CHARS);
    const tagText = code.slice(-TAG_CHARS);
    let bodyBytes: Uint8Array;
    let tag: Uint8Array;
    try {
      bodyBytes = base64UrlToBytes(bodyText);
      tag = base64UrlToBytes(tagText);
    } catch {
      return null;
    }
    // base64 has spare bits; only the canonical spelling is accepted, so one variant has one path.
    if (bytesToBase64Url(bodyBytes) !== bodyText || bytesToBase64Url(tag) !== tagText) return null;
    // Parsing is cheap and turns away most non-codes (e.g. long slugs) before any HMAC.
    const body = utf8(bodyBytes);
    const segment = body === null ? null : parseBody(body);
    if (!segment || !(await this.verify(bodyBytes, tag))) return null;
    Object.freeze(segment);
    this.decoded?.set(code, segment);
    return segment;
  }

  private async verify(bytes: Uint8Array, tag: Uint8Array): Promise<boolean> {
    for (const secret of this.secrets) if (equalBytes(await mac(secret, bytes), tag)) return true;
    return false;
  }

  private async sign(body: string): Promise<string> {
    const bytes = new TextEncoder().encode(body);
    return bytesToBase64Url(bytes) + bytesToBase64Url(await mac(this.secrets[0]!, bytes));
  }
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The truncated tag. crypto.subtle.verify wants the whole MAC, so truncated tags are compared here. */
async function mac(secret: string, bytes: Uint8Array): Promise<Uint8Array> {
  const full = await crypto.subtle.sign('HMAC', await variantKey(secret), bytes as BufferSource);
  return new Uint8Array(full, 0, TAG_BYTES);
}

/** Constant time: how much of a guessed tag is right must not show in how long a 404 takes. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
