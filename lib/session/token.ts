import { sealData, unsealData } from 'iron-session';
import { Lru } from './lru';
import { secretId } from './secrets';
import { deriveSegment } from './segment';
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
  now?: () => number;
}

export const MAX_SESSION_TOKEN_LENGTH = 8192;

/**
 * The one spelling of a sealed token: iron's `Fe26.2*id*salt*iv*data*expiry*salt*hmac`
 * and iron-session's `~2`. iron-session reads the version with split('~') and
 * parseInt, so `…~2x` or `…~2~junk` would unseal as the token itself; those are refused.
 */
const SEALED_SHAPE = /^Fe26\.2\*\d+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*\d*\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+~2$/;

function wellFormed(token: string | undefined | null): token is string {
  return !!token && token.length <= MAX_SESSION_TOKEN_LENGTH && SEALED_SHAPE.test(token);
}

/**
 * The unseal cache is keyed by the token's last characters (its HMAC, so as good as
 * random) and a hit still compares the whole token: hashing a kilobyte-long string
 * on every page request cost more than the rest of a returning visitor's lookup.
 */
const CACHE_KEY_CHARS = 32;

/**
 * The sealed form is terser than the in-memory one: every byte rides on every
 * request, and `{"value":"x"}` per key would cost a third of the cookie.
 */
type WireValue = string | [value: string, keepAlive: 1];
interface WirePayload {
  i: string;
  v: number;
  e: number;
  d?: 1;
  n?: Record<string, Record<string, WireValue>>;
  s?: Segment;
  /** keepAlive values beside the segment: only values, the flag goes without saying. */
  k?: Record<string, Record<string, string>>;
}

function toWire(payload: TokenPayload): WirePayload {
  const wire: WirePayload = { i: payload.id, v: payload.v, e: payload.exp };
  if (payload.dbg) wire.d = 1;
  if (payload.ns) {
    wire.n = {};
    for (const [ns, values] of Object.entries(payload.ns)) {
      const out: Record<string, WireValue> = (wire.n[ns] = {});
      for (const [key, entry] of Object.entries(values ?? {})) out[key] = entry.keepAlive ? [entry.value, 1] : entry.value;
    }
  } else {
    wire.s = payload.seg;
    if (payload.ka) {
      wire.k = {};
      for (const [ns, values] of Object.entries(payload.ka)) {
        wire.k[ns] = Object.fromEntries(Object.entries(values ?? {}).map(([key, entry]) => [key, entry.value]));
      }
    }
  }
  return wire;
}

function fromWire(data: unknown): TokenPayload | null {
  if (typeof data !== 'object' || data === null) return null;
  const w = data as Partial<WirePayload>;
  if (typeof w.i !== 'string' || typeof w.v !== 'number' || typeof w.e !== 'number') return null;
  const base = { id: w.i, v: w.v, exp: w.e, ...(w.d === 1 ? { dbg: 1 as const } : {}) };
  if (typeof w.n === 'object' && w.n !== null) {
    const ns: Namespaces = {};
    for (const [name, values] of Object.entries(w.n)) {
      const target: Record<string, { value: string; keepAlive?: boolean }> = {};
      for (const [key, value] of Object.entries(values)) {
        if (typeof value === 'string') target[key] = { value };
        else if (Array.isArray(value) && typeof value[0] === 'string') target[key] = { value: value[0], keepAlive: true };
        else return null;
      }
      ns[name as keyof Namespaces] = target;
    }
    return { ...base, ns };
  }
  if (typeof w.s !== 'object' || w.s === null) return null;
  if (w.k === undefined) return { ...base, seg: w.s };
  if (typeof w.k !== 'object' || w.k === null) return null;
  const ka: Namespaces = {};
  for (const [name, values] of Object.entries(w.k)) {
    if (typeof values !== 'object' || values === null) return null;
    const target: Record<string, { value: string; keepAlive: true }> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string') return null;
      target[key] = { value, keepAlive: true };
    }
    ka[name as keyof Namespaces] = target;
  }
  return { ...base, seg: w.s, ka };
}

/**
 * Seals and unseals `vtex_session` with iron-session. Unsealing costs a key
 * derivation (~0.5 ms), and a returning visitor sends the same token again and
 * again, so recent results are remembered by the whole token string; expiry is
 * still checked on every call. Payloads handed out are shared with the cache:
 * treat them as read-only.
 */
export class TokenCodec {
  private readonly sealPassword: Record<string, string>;
  private readonly unsealPasswords: Record<string, string>;
  private readonly cache: Lru<string, { token: string; payload: TokenPayload }> | null;
  private readonly now: () => number;

  constructor(options: TokenCodecOptions) {
    const [first] = options.secrets;
    if (!first) throw new Error('TokenCodec needs at least one secret');
    this.sealPassword = { [secretId(first)]: first };
    this.unsealPasswords = Object.fromEntries(options.secrets.map((secret) => [secretId(secret), secret]));
    const size = options.cacheSize ?? 5000;
    this.cache = size > 0 ? new Lru(size) : null;
    this.now = options.now ?? Date.now;
  }

  async seal(payload: TokenPayload): Promise<string> {
    // ttl 0: iron adds no expiry of its own; `exp` inside the signed payload rules,
    // so an expired token can still be recognised as ours (keepAlive carry-over).
    const token = await sealData(toWire(payload) as unknown as Record<string, unknown>, { password: this.sealPassword, ttl: 0 });
    // A copy: the caller's session objects go on changing after they are sealed.
    this.remember(token, structuredClone(payload));
    return token;
  }

  /**
   * The answer unseal() would give, when the token is in the cache; else null (not
   * known yet: call unseal()). Synchronous, so a returning visitor's page request
   * costs no promise.
   */
  peek(token: string | undefined | null): UnsealResult | null {
    if (!wellFormed(token)) return { status: 'invalid' };
    const payload = this.recall(token);
    return payload ? this.checked(payload) : null;
  }

  async unseal(token: string | undefined | null): Promise<UnsealResult> {
    if (!wellFormed(token)) return { status: 'invalid' };
    let payload = this.recall(token);
    if (!payload) {
      let data: unknown;
      try {
        data = await unsealData(token, { password: this.unsealPasswords, ttl: 0 });
      } catch {
        return { status: 'invalid' };
      }
      const decoded = fromWire(data);
      if (!decoded) return { status: 'invalid' };
      payload = decoded;
      this.remember(token, payload);
    }
    return this.checked(payload);
  }

  private checked(payload: TokenPayload): UnsealResult {
    return payload.exp <= this.now() ? { status: 'expired', payload } : { status: 'valid', payload };
  }

  private recall(token: string): TokenPayload | undefined {
    const entry = this.cache?.get(token.slice(-CACHE_KEY_CHARS));
    return entry?.token === token ? entry.payload : undefined;
  }

  private remember(token: string, payload: TokenPayload): void {
    this.cache?.set(token.slice(-CACHE_KEY_CHARS), { token, payload });
  }
}
