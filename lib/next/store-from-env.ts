import { SessionError } from '../session/errors';
import { cookieStore } from '../session/stores/cookie';
import { memoryStore } from '../session/stores/memory';
import type { SessionStore } from '../session/stores/types';

export type StoreKind = 'cookie' | 'memory';

/** `SESSION_STORE` picks the store: `cookie` (default) or `memory`. */
export async function storeFromEnv(env: Record<string, string | undefined> = process.env): Promise<SessionStore> {
  const kind = (env.SESSION_STORE ?? 'cookie').trim().toLowerCase();
  switch (kind) {
    case '':
    case 'cookie':
      return cookieStore();
    case 'memory':
      return memoryStore();
    default:
      throw new SessionError(500, 'unknown_store', `SESSION_STORE="${kind}" is not a store; use cookie or memory`);
  }
}
