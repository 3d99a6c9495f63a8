import { SessionError } from './errors';

export const MIN_SECRET_LENGTH = 32;

/**
 * Parses `SESSION_SECRET`: one secret, or a comma-separated list where the first
 * seals and every one still unseals (rotation: prepend the new one, drop the old
 * one once its tokens have expired).
 */
export function parseSecrets(raw: string | undefined | null): string[] {
  const secrets = (raw ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
  if (secrets.length === 0) {
    throw new SessionError(500, 'missing_secret', 'SESSION_SECRET is not set');
  }
  const short = secrets.findIndex((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short !== -1) {
    throw new SessionError(
      500,
      'weak_secret',
      `SESSION_SECRET entry ${short + 1} is shorter than ${MIN_SECRET_LENGTH} characters`,
    );
  }
  return secrets;
}

/**
 * A stable numeric label for a secret (FNV-1a), so a token names the secret that
 * sealed it and keeps unsealing whatever position that secret takes in the list.
 * It only labels: it reveals nothing usable about a secret of 32+ characters.
 */
export function secretId(secret: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < secret.length; i++) {
    hash ^= secret.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * What is wrong with a `SESSION_SECRET` value for a server about to start, or null.
 * Stricter than parseSecrets: an empty entry (a stray comma) is refused too, since
 * a rotation list is edited by hand. The message says where and what, never the secret.
 */
export function secretProblem(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return 'SESSION_SECRET is not set.';
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const which = entries.length === 1 ? 'SESSION_SECRET' : `SESSION_SECRET entry ${index + 1} of ${entries.length}`;
    if (entry === '') return `${which} is empty (check for a stray comma).`;
    if (entry.length < MIN_SECRET_LENGTH) {
      return `${which} is ${entry.length} characters long; each secret needs at least ${MIN_SECRET_LENGTH}.`;
    }
  }
  return null;
}
