import { ironPassword, ironPasswords, isSealedShape, sealData, unsealData, type IronPassword, type IronPasswords } from './iron';
import { Lru } from './lru';
import { secretId } from './secrets';
import { deriveSegment } from './segment';
import { fromWire, toWire } from './token-wire';
import type { Namespaces, Segment } from './types';

/**
 * What `vtex_session` carries, sealed. Short keys: every byte rides on every request.
 * With the cookie store the namespaces themselves ride along (`ns`) and the segment
 * is derived from them; a server-side store carries only id, version and segment
 * (plus `ns` for a session the middleware minted and no store has seen yet).
 */
export type TokenPayload = {
  id: string;
  /** version */
  v: number;
  /** expiry, epoch ms */
  exp: number;
  /** debug tracing on */
  dbg?: 1;
} & (
  | { ns: Namespaces; seg?: undefined; ka?: undefined }
  | {
      seg: Segment;
      ns?: undefined;
      /**
       * keepAlive values a new session would not get anyway: they outlive the
       * store losing the session (Redis TTL, revocation), as they outlive expiry.
       */
      ka?: Namespaces;
    }
);

export function payloadSegment(payload: TokenPayload): Segment {
  return payload.ns ? deriveSegment(payload.ns) : payload.seg;
}

export type UnsealResult =
  | { status: 'valid'; payload: TokenPayload }
  /** Authentic but past its expiry: keepAlive values may be carried over. */
  | { status: 'expired'; payload: TokenPayload }
  | { status: 'invalid' };

export interface TokenCodecOptions {
  /** Newest first: the first seals, all unseal. */
  secrets: readonly string[];
  /** How many recent unseal results to remember (0 disables). */
  cacheSize?: number;
  /** Upper bound on the unseal cache's approximate memory, in bytes. */
  cacheBytes?: number;
  now?: () => number;
}

export const MAX_SESSION_TOKEN_LENGTH = 8192;

function wellFormed(token: string | undefined | null): token is string {
  return !!token && token.length <= MAX_SESSION_TOKEN_LENGTH && isSealedShape(token);
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
 * comparing heapUsed after a full GC with the cache held and released: typical visitor
 * 2187 B measured / 2163 estimated, 40 keys 7167 / 7107, one 1 KB value 3278 / 4305
 * (one long string is cheaper than many small ones; the estimate errs high).
 */
const ENTRY_OVERHEAD_BYTES = 400;
const HEAP_BYTES_PER_JSON_BYTE = 2.1;
/** Fe26.2's fixed parts: prefix, id, two salts, iv, MAC, separators, `~2`. */
const SEAL_OVERHEAD_CHARS = 215;
export function approximateEntryBytes(token: string): number {
  const jsonBytes = Math.max(0, token.length - SEAL_OVERHEAD_CHARS) * 0.75;
  return Math.round(ENTRY_OVERHEAD_BYTES + token.length + HEAP_BYTES_PER_JSON_BYTE * jsonBytes);
}

interface CacheEntry {
  token: string;
  payload: TokenPayload;
  bytes: number;
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

  sealSync(payload: TokenPayload): string {
    // No iron expiry field: `exp` inside the sealed payload rules, so an expired token
    // can still be recognised as ours (keepAlive carry-over).
    const token = sealData(toWire(payload), this.sealPassword);
    // A copy: the caller's session objects go on changing after they are sealed.
    if (this.cache) this.remember(token, structuredClone(payload));
    return token;
  }

  unsealSync(token: string | undefined | null): UnsealResult {
    if (!wellFormed(token)) return { status: 'invalid' };
    const cached = this.recall(token);
    if (cached) return this.checked(cached);
    const opened = unsealData(token, this.unsealPasswords, { now: this.now() });
    const payload = opened.ok ? fromWire(opened.data) : null;
    if (!payload) return { status: 'invalid' };
    this.remember(token, payload);
    return this.checked(payload);
  }

  /** sealSync for callers that await: no work is deferred. */
  async seal(payload: TokenPayload): Promise<string> {
    return this.sealSync(payload);
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
    if (!wellFormed(token)) return { status: 'invalid' };
    const payload = this.recall(token);
    return payload ? this.checked(payload) : null;
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

  private recall(token: string): TokenPayload | undefined {
    const entry = this.cache?.get(token.slice(-CACHE_KEY_CHARS));
    return entry?.token === token ? entry.payload : undefined;
  }

  private remember(token: string, payload: TokenPayload): void {
    this.cache?.set(token.slice(-CACHE_KEY_CHARS), { token, payload, bytes: approximateEntryBytes(token) });
  }
}
