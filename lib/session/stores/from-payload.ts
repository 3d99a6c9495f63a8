import type { OpenPayload } from '../token';
import type { Namespaces, Session } from '../types';
import { cloneNamespaces } from '../clone';

/** A session rebuilt from a token that carries its namespaces. */
export function sessionFromPayload(payload: OpenPayload & { ns: object }): Session {
  return {
    id: payload.id,
    version: payload.v,
    namespaces: cloneNamespaces(payload.ns as Namespaces),
    active: true,
    debug: payload.dbg === 1,
    expiresAt: payload.exp,
  };
}
