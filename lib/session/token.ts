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
} & ({ ns: Namespaces; seg?: undefined } | { seg: Segment; ns?: undefined });

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

function isPayload(data: unknown): data is TokenPayload {
  if (typeof data !== 'object' || data === null) return false;
  const p = data as Record<string, unknown>;
  return (
    typeof p.id === 'string' &&
    typeof p.v === 'number' &&
    typeof p.exp === 'number' &&
    ((typeof p.ns === 'object' && p.ns !== null) || (typeof p.seg === 'object' && p.seg !== null))
  );
}

/**
 * Seals and unseals `vtex_session` with iron-session. Unsealing costs a key
 * derivation (~0.5 ms), and a returning visitor sends the same token again and
 * again, so recent results are remembered by the whole token string; expiry is
 * still checked on every call.
 */
export class TokenCodec {
  private readonly sealPassword: Record<string, string>;
  private readonly unsealPasswords: Record<string, string>;
  private readonly cache: Lru<string, TokenPayload> | null;
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
    const token = await sealData(payload, { password: this.sealPassword, ttl: 0 });
    this.cache?.set(token, payload);
    return token;
  }

  async unseal(token: string | undefined | null): Promise<UnsealResult> {
    if (!token || token.length > MAX_SESSION_TOKEN_LENGTH) return { status: 'invalid' };
    let payload = this.cache?.get(token);
    if (!payload) {
      let data: unknown;
      try {
        data = await unsealData(token, { password: this.unsealPasswords, ttl: 0 });
      } catch {
        return { status: 'invalid' };
      }
      if (!isPayload(data)) return { status: 'invalid' };
      payload = data;
      this.cache?.set(token, payload);
    }
    if (payload.exp <= this.now()) return { status: 'expired', payload };
    return { status: 'valid', payload };
  }
}
