import { ironPassword, ironPasswords, isSealedShape, labelOfSealed, sealData, sealText, unsealData, verifyText, type IronPassword, type IronPasswords } from './iron';
import { Lru } from './lru';
import { secretId } from './secrets';
import { deriveSegment } from './segment';
import { fromWire, toWire, wireText, type WirePayload } from './token-wire';
import type { PristineRef } from './pristine';
import type { Namespaces, Segment } from './types';

/**
 * What `vtex_session` carries, sealed. Short keys: every byte rides on every request.
 * With the cookie store the namespaces themselves ride along (`ns`) and the segment
 * is derived from them; a server-side store carries only id, version and segment
 * (plus `ns` for a session the middleware minted and no store has seen yet). A new
 * visitor's session, never written, carries only which template it is (`pristine`):
 * the namespaces every new session of that host gets, rebuilt from the configuration
 * by whichever server opens it (pristine.ts).
 */
export type TokenPayload = PayloadBase & (NamespacesForm | SlimForm | PristineForm);

interface PayloadBase {
  id: string;
  /** version */
  v: number;
  /** expiry, epoch ms */
  exp: number;
  /** debug tracing on */
  dbg?: 1;
}

interface NamespacesForm {
  ns: Namespaces;
  /**
   * Set when `ns` is a template's namespaces, as opened from a pristine token: sealed
   * again (a renewal), the token stays the short one. Nothing else may set it.
   */
  pristine?: PristineRef;
  seg?: undefined;
  ka?: undefined;
}

interface SlimForm {
  seg: Segment;
  ns?: undefined;
  pristine?: undefined;
  /**
   * keepAlive values a new session would not get anyway: they outlive the
   * store losing the session (Redis TTL, revocation), as they outlive expiry.
   */
  ka?: Namespaces;
}

interface PristineForm {
  pristine: PristineRef;
  ns?: undefined;
  seg?: undefined;
  ka?: undefined;
}

/** A payload whose session can be read: a pristine token's is once its template is found (SessionEngine.unsealNow). */
export type OpenPayload = PayloadBase & (NamespacesForm | SlimForm);

/** A pristine token's payload, its template not looked up yet. */
export type PristinePayload = PayloadBase & PristineForm;

export function isPristinePayload(payload: TokenPayload): payload is PristinePayload {
  return payload.pristine !== undefined && payload.ns === undefined;
}

export function payloadSegment(payload: OpenPayload): Segment {
  return payload.ns ? deriveSegment(payload.ns) : payload.seg;
}

export type UnsealResult<P extends TokenPayload = TokenPayload> =
  | { status: 'valid'; payload: P }
  /** Authentic but past its expiry: keepAlive values may be carried over. */
  | { status: 'expired'; payload: P }
  | { status: 'invalid' };

/**
 * What a token says in the clear, checked by its MAC alone: the tag it was sealed
 * with, and its expiry (the payload's `exp`, copied at sealing).
 */
export type TagResult = { status: 'valid' | 'expired'; tag: string; exp: number } | { status: 'invalid' };

/** A tag: dot-separated base64url words. The codec writes `<exp in base 36>.<tag>` as the seal's label. */
const TAG = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
export const MAX_TAG_LENGTH = 140;

export interface TokenCodecOptions {
  /** Newest first: the first seals, all unseal. */
  secrets: readonly string[];
  /** How many recent unseal results to remember (0 disables). */
  cacheSize?: number;
  /** Upper bound on the unseal cache's approximate memory, in bytes. */
  cacheBytes?: number;
  now?: () => number;
}

export interface SealSyncOptions {
  /**
   * What the unseal cache keeps of the new token: its payload (default), or only its
   * tag and expiry, for a token that may never come back here (a first visit, a
   * crawler): no copy of the payload to build, less memory to collect.
   */
  remember?: 'payload' | 'tag';
}

export const MAX_SESSION_TOKEN_LENGTH = 8192;

/** Cheap bounds first; the shape (a regular expression over the whole token) only when the cache does not know it. */
function withinBounds(token: string | undefined | null): token is string {
  return !!token && token.length <= MAX_SESSION_TOKEN_LENGTH;
}

/**
 * The unseal cache is keyed by the token's last characters (its HMAC, so as good as
 * random) and a hit still compares the whole token: hashing a kilobyte-long string
 * on every page request cost more than the rest of a returning visitor's lookup.
 */
const CACHE_KEY_CHARS = 32;

const DEFAULT_CACHE_SIZE = 5000;
/** 16 MiB: the 5000 entries of typical cookie-store sessions fit (about 11 MB); of 8 KB tokens, about 800. */
const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * Approximate heap bytes of one cache entry, from the token alone (its length is
 * linear in the sealed JSON's): the token string (one byte per character), the Map
 * entry, key and entry record, and the payload's object graph, about two bytes of heap
 * per byte of sealed JSON. Fitted on Node 20 (V8) by filling a 5000-entry cache and
 * comparing heapUsed after a full GC with the cache held and released (`npm run bench`,
 * part 7), measured / estimated: a first page view's pristine token 1055 / 1112 B, a
 * visitor's token carrying the namespaces 2063 / 2185, a B2B buyer's 3307 / 3324. It
 * errs high, so the byte bound holds.
 */
const ENTRY_OVERHEAD_BYTES = 600;
const HEAP_BYTES_PER_JSON_BYTE = 2.2;
/** Fe26.2's fixed parts: prefix, id, two salts, iv, MAC, separators, `~2`. */
const SEAL_OVERHEAD_CHARS = 215;
export function approximateEntryBytes(token: string): number {
  const jsonBytes = Math.max(0, token.length - SEAL_OVERHEAD_CHARS) * 0.75;
  return Math.round(ENTRY_OVERHEAD_BYTES + token.length + HEAP_BYTES_PER_JSON_BYTE * jsonBytes);
}

/**
 * What is known of a token: its tag and expiry once its MAC checked out (`verified`),
 * its payload once it was opened (`opened`). A token sealed here keeps its wire form
 * (`sealed`) until it comes back: most of a write's tokens never do (a client that
 * keeps only the newest, a token replaced by the next write), and building a payload
 * for each was a fifth of what a write allocated.
 */
type Known = { tag: string | null; exp: number } & (
  | { state: 'verified' }
  | { state: 'sealed'; wire: WirePayload }
  | { state: 'opened'; payload: TokenPayload }
);
type CacheEntry = Known & { token: string; bytes: number };

/** A verified entry holds no payload: the token string and the record. */
const verifiedEntryBytes = (token: string) => ENTRY_OVERHEAD_BYTES + token.length;

function labelOf(exp: number, tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  if (tag.length > MAX_TAG_LENGTH || !TAG.test(tag)) throw new Error(`A token tag is dot-separated base64url words, at most ${MAX_TAG_LENGTH} characters`);
  return `${exp.toString(36)}.${tag}`;
}

function parseLabel(label: string): { tag: string; exp: number } | null {
  const dot = label.indexOf('.');
  if (dot <= 0) return null;
  const exp = parseInt(label.slice(0, dot), 36);
  return Number.isSafeInteger(exp) ? { tag: label.slice(dot + 1), exp } : null;
}

/** What the unseal cache holds now, and its bounds. Bytes are an estimate (see approximateEntryBytes). */
export interface TokenCacheStats {
  entries: number;
  maxEntries: number;
  bytes: number;
  maxBytes: number;
  /** Mean over the current entries; 0 when empty. */
  bytesPerEntry: number;
}

/**
 * Seals and unseals `vtex_session` as iron-session 8 tokens (Fe26.2, see iron.ts),
 * synchronously: no promise on a page request's path. A returning visitor sends the
 * same token again and again, so recent results are remembered by the whole token
 * string (bounded in entries and in approximate bytes); expiry is still checked on
 * every call. Payloads handed out are shared with the cache: treat them as read-only.
 */
export class TokenCodec {
  private readonly sealPassword: IronPassword;
  private readonly unsealPasswords: IronPasswords;
  private readonly cache: Lru<string, CacheEntry> | null;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: TokenCodecOptions) {
    const [first] = options.secrets;
    if (!first) throw new Error('TokenCodec needs at least one secret');
    // A secret's id is a hash of it, so a token names the secret that sealed it
    // whatever position that secret takes in the list.
    this.sealPassword = ironPassword(secretId(first), first);
    this.unsealPasswords = ironPasswords(options.secrets.map((secret) => ironPassword(secretId(secret), secret)));
    this.maxEntries = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.maxBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    this.cache =
      this.maxEntries > 0 && this.maxBytes > 0
        ? new Lru(this.maxEntries, { max: this.maxBytes, weigh: (entry: CacheEntry) => entry.bytes })
        : null;
    this.now = options.now ?? Date.now;
  }

  /**
   * Seals a payload. A `tag` (dot-separated base64url words) rides in the clear with
   * the payload's expiry, under the token's MAC: tagSync() reads both back without
   * decrypting. Only the holder of the token sees it (and it is not secret from them).
   */
  sealSync(payload: TokenPayload, tag?: string, options: SealSyncOptions = {}): string {
    // No iron expiry field: `exp` inside the sealed payload rules, so an expired token
    // can still be recognised as ours (keepAlive carry-over).
    const label = labelOf(payload.exp, tag);
    if (!this.cache || options.remember === 'tag') {
      const token = sealText(wireText(payload), this.sealPassword, { label });
      if (tag !== undefined) this.rememberTag(token, { tag, exp: payload.exp });
      return token;
    }
    const wire = toWire(payload);
    const token = sealData(wire, this.sealPassword, { label });
    // The wire object shares nothing with the caller's session objects, which go on
    // changing after they are sealed: what unsealing the token gives is built from it
    // when the token comes back (payloadOf).
    this.keep(token, { state: 'sealed', wire, tag: tag ?? null, exp: payload.exp });
    return token;
  }

  unsealSync(token: string | undefined | null): UnsealResult {
    if (!withinBounds(token)) return { status: 'invalid' };
    const known = this.recall(token);
    const knownPayload = known && this.payloadOf(known);
    if (knownPayload) return this.checked(knownPayload);
    if (!known && !isSealedShape(token)) return { status: 'invalid' };
    const opened = unsealData(token, this.unsealPasswords, { now: this.now() });
    const payload = opened.ok ? fromWire(opened.data) : null;
    if (!payload) return { status: 'invalid' };
    this.remember(token, payload, known ? known.tag : (this.trustedTag(labelOfSealed(token))?.tag ?? null));
    return this.checked(payload);
  }

  /**
   * The tag and expiry of a token whose MAC checked out, when the secret that seals now
   * sealed it (an older secret's tag may predate a rotation); else null.
   */
  private trustedTag(read: { passwordId: string; label: string | null }): { tag: string; exp: number } | null {
    return read.label !== null && read.passwordId === this.sealPassword.id ? parseLabel(read.label) : null;
  }

  /**
   * The tag a token was sealed with, and its expiry, checked by the token's MAC alone:
   * no decryption, no JSON (what a returning visitor new to this instance costs).
   * null when the token carries no tag, or was sealed with another secret than the one
   * that seals now (its tag may predate a rotation): unsealSync() it instead.
   */
  tagSync(token: string | undefined | null): TagResult | null {
    if (!withinBounds(token)) return { status: 'invalid' };
    const known = this.recall(token);
    if (known) return known.tag === null ? null : this.tagChecked(known.tag, known.exp);
    if (!isSealedShape(token)) return { status: 'invalid' };
    const verified = verifyText(token, this.unsealPasswords, { now: this.now() });
    if (!verified.ok) return { status: 'invalid' };
    const trusted = this.trustedTag(verified);
    if (!trusted) return null;
    this.rememberTag(token, trusted);
    return this.tagChecked(trusted.tag, trusted.exp);
  }

  /** sealSync for callers that await: no work is deferred. */
  async seal(payload: TokenPayload, tag?: string): Promise<string> {
    return this.sealSync(payload, tag);
  }

  /** unsealSync for callers that await: no work is deferred. */
  async unseal(token: string | undefined | null): Promise<UnsealResult> {
    return this.unsealSync(token);
  }

  /**
   * The answer unseal() would give, when the token is in the cache; else null (not
   * known yet: call unsealSync()). The cheapest read, for a returning visitor.
   */
  peek(token: string | undefined | null): UnsealResult | null {
    if (!withinBounds(token)) return { status: 'invalid' };
    const known = this.recall(token);
    const payload = known && this.payloadOf(known);
    if (payload) return this.checked(payload);
    return isSealedShape(token) ? null : { status: 'invalid' };
  }

  cacheStats(): TokenCacheStats {
    const entries = this.cache?.size ?? 0;
    const bytes = this.cache?.weightTotal ?? 0;
    return {
      entries,
      maxEntries: this.cache ? this.maxEntries : 0,
      bytes,
      maxBytes: this.cache ? this.maxBytes : 0,
      bytesPerEntry: entries === 0 ? 0 : Math.round(bytes / entries),
    };
  }

  private checked(payload: TokenPayload): UnsealResult {
    return payload.exp <= this.now() ? { status: 'expired', payload } : { status: 'valid', payload };
  }

  private tagChecked(tag: string, exp: number): TagResult {
    return { status: exp <= this.now() ? 'expired' : 'valid', tag, exp };
  }

  private recall(token: string): CacheEntry | undefined {
    const entry = this.cache?.get(token.slice(-CACHE_KEY_CHARS));
    return entry?.token === token ? entry : undefined;
  }

  /** The entry's payload, built from its wire form the first time a token sealed here comes back. */
  private payloadOf(entry: CacheEntry): TokenPayload | null {
    switch (entry.state) {
      case 'opened':
        return entry.payload;
      case 'verified':
        return null;
      case 'sealed': {
        const payload = fromWire(entry.wire);
        const { token, tag, exp } = entry;
        this.keep(token, payload ? { state: 'opened', payload, tag, exp } : { state: 'verified', tag, exp }, entry.bytes);
        return payload;
      }
    }
  }

  private rememberTag(token: string, { tag, exp }: { tag: string; exp: number }): void {
    this.keep(token, { state: 'verified', tag, exp }, verifiedEntryBytes(token));
  }

  private remember(token: string, payload: TokenPayload, tag: string | null): void {
    this.keep(token, { state: 'opened', payload, tag, exp: payload.exp });
  }

  /** Puts what is known of a token, weighed as one that holds (or will hold) its payload unless told otherwise. */
  private keep(token: string, known: Known, bytes = approximateEntryBytes(token)): void {
    this.cache?.set(token.slice(-CACHE_KEY_CHARS), { token, ...known, bytes });
  }
}
