import type { TokenPayload } from '../token';
import type { Session } from '../types';

/** A session rebuilt from a token that carries its namespaces. */
export function sessionFromPayload(payload: TokenPayload & { ns: object }): Session {
  return {
    id: payload.id,
    version: payload.v,
    namespaces: structuredClone(payload.ns),
    active: true,
    debug: payload.dbg === 1,
    expiresAt: payload.exp,
  };
}
