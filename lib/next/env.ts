import { parseSecrets } from '../session/secrets';

/**
 * Secrets from `SESSION_SECRET` (comma-separated: the first seals, all unseal).
 * Read at request time, never at import, so a build without the variable still
 * fails loudly where it matters (withSessionKit in next.config refuses to start without it).
 */
export function secretsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  return parseSecrets(env.SESSION_SECRET);
}

export function isProduction(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV === 'production';
}
